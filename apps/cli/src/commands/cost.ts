import { resolve } from "node:path";
import type { BerthConnection } from "@berth/client";
import { COST_GROUP_BY } from "@berth/protocol";
import { type Command, InvalidArgumentError } from "commander";
import { connectOrStart } from "../connect";
import { dayChart, reportCsv, reportTable } from "./cost-format";

type Run = (task: Promise<number>) => Promise<void>;
type GroupBy = (typeof COST_GROUP_BY)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `7d` (the last 7 local days, today included) or `YYYY-MM-DD` (local midnight). With `end`, a
 * date means the end of that day, so `--until 2026-11-30` includes the 30th.
 */
export function parseWhen(value: string, now: Date, end = false): number {
  const rel = /^(\d{1,4})d$/.exec(value);
  if (rel) {
    const days = Number(rel[1]);
    const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    return new Date(today.getFullYear(), today.getMonth(), today.getDate() - Math.max(0, days - 1)).getTime();
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]) - 1, Number(date[3])];
    const start = new Date(y, m, d);
    if (start.getFullYear() === y && start.getMonth() === m && start.getDate() === d) {
      return end ? new Date(y, m, d + 1).getTime() : start.getTime();
    }
  }
  throw new InvalidArgumentError(`'${value}' is not a date: use a number of days such as 7d, or YYYY-MM-DD.`);
}

function checkedWhen(value: string): string {
  parseWhen(value, new Date());
  return value;
}

function groupBy(value: string): GroupBy {
  if ((COST_GROUP_BY as readonly string[]).includes(value)) return value as GroupBy;
  throw new InvalidArgumentError(`unknown value '${value}': use one of ${COST_GROUP_BY.join(", ")}.`);
}

interface CostOptions {
  since?: string;
  until?: string;
  by: GroupBy;
  folder?: string | boolean;
  json?: boolean;
  csv?: boolean;
}

export function registerCostCommand(program: Command, run: Run): void {
  program
    .command("cost")
    .description("usage and cost by day, model, project, key (credential) or session, from the local ledger")
    .option("--since <when>", "from this day: 7d (the last 7 days) or YYYY-MM-DD", checkedWhen, "30d")
    .option("--until <when>", "up to and including this day: Nd or YYYY-MM-DD", checkedWhen)
    .option("--by <grouping>", `one of ${COST_GROUP_BY.join(", ")}`, groupBy, "day" as GroupBy)
    .option("--folder [path]", "only this folder's project (default: the current folder)")
    .option("--json", "machine-readable output")
    .option("--csv", "comma-separated values")
    .action((opts: CostOptions) => run(withConn((conn) => runCost(conn, opts))));
}

async function withConn(task: (conn: BerthConnection) => Promise<number>): Promise<number> {
  const conn = await connectOrStart();
  try {
    return await task(conn);
  } finally {
    await conn.close();
  }
}

async function runCost(conn: BerthConnection, opts: CostOptions): Promise<number> {
  if (opts.json && opts.csv) throw new InvalidArgumentError("choose one of --json and --csv.");
  const now = new Date();
  const since = parseWhen(opts.since ?? "30d", now);
  const until = opts.until ? parseWhen(opts.until, now, true) : undefined;
  const folder =
    opts.folder === undefined ? undefined : resolve(typeof opts.folder === "string" ? opts.folder : ".");
  const report = await conn.request("cost/report", {
    groupBy: opts.by,
    since,
    ...(until !== undefined ? { until } : {}),
    ...(folder ? { cwd: folder } : {}),
  });
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ by: opts.by, since, until: until ?? null, ...report }, null, 2)}\n`,
    );
    return 0;
  }
  if (opts.csv) {
    process.stdout.write(`${reportCsv(report, opts.by)}\n`);
    return 0;
  }
  const range = `${new Date(since).toLocaleDateString("en-CA")} to ${until ? new Date(until - DAY_MS).toLocaleDateString("en-CA") : "now"}`;
  const scope = report.project ? ` · project ${report.project}` : "";
  const out = [`Cost by ${opts.by}, ${range}${scope}`, ""];
  if (report.rows.length === 0) out.push("No model requests in this period.");
  else {
    out.push(reportTable(report, opts.by));
    if (opts.by === "day") out.push("", dayChart(report));
  }
  out.push(
    "",
    `Estimated from token counts × list prices (${report.prices.source}, ${report.prices.updated}); modelPrices in settings override them.`,
  );
  process.stdout.write(`${out.join("\n")}\n`);
  return 0;
}
