#!/usr/bin/env node
// `berth cost --by day --since 365d` over 100,000 ledger rows spread over a year: wall time of
// the built CLI from spawn to exit against a warm daemon. `berth sessions` (same CLI start, same
// connection, a trivial query) runs the same number of times, interleaved, as the baseline, so
// the difference is what the year-long report costs. The store query alone is timed in-process.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { berth, CLI, makeWorld, median, report, requireBuilt, ROOT, round, timeMs } from "./lib/common.mjs";
import { loadSessionsDriver } from "./lib/sessions-bundle.mjs";

const ROWS = Number(process.env.BENCH_LEDGER_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

requireBuilt();
const { driver: d, dispose } = await loadSessionsDriver(join(ROOT, "scripts/bench/lib/spend-driver.mjs"));
const world = makeWorld("berth-bench-cost-");
try {
  const db = join(world.home, "berth.db");
  const seedStart = d.now();
  d.seedUsage(db, { rows: ROWS, days: 365 });
  const seedMs = d.now() - seedStart;

  const store = d.openLedger(db);
  const since = Date.now() - 365 * 24 * 60 * 60 * 1000;
  // What the daemon does for `--by day`: the local days of the range, then one range query each.
  const query = () => store.costReport({ groupBy: "day", since, days: d.localDays(since, Date.now() + 1) });
  query();
  const queryRuns = Array.from({ length: RUNS }, () => timeMs(query));
  const days = query().rows.length;
  store.close();

  berth(world, ["daemon", "start"]);
  const run = (args) => () => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: world.project, env: world.env });
    if (r.status !== 0) throw new Error(`berth ${args.join(" ")} failed: ${r.stderr}`);
  };
  const cost = run(["cost", "--by", "day", "--since", "365d"]);
  const baseline = run(["sessions"]);
  cost();
  baseline();
  const costRuns = [];
  const baseRuns = [];
  for (let i = 0; i < RUNS; i++) {
    costRuns.push(timeMs(cost));
    baseRuns.push(timeMs(baseline));
  }
  const result = {
    bench: "cost-report",
    ledgerRows: ROWS,
    days,
    runs: RUNS,
    costMedianMs: round(median(costRuns)),
    baselineMedianMs: round(median(baseRuns)),
    addedMs: round(median(costRuns) - median(baseRuns)),
    ratio: round(median(costRuns) / median(baseRuns), 2),
    queryMedianMs: round(median(queryRuns), 2),
    seedMs: round(seedMs),
  };
  console.log(
    `berth cost --by day --since 365d over ${ROWS} rows (${days} days): median ${result.costMedianMs} ms ` +
      `vs berth sessions ${result.baselineMedianMs} ms (ratio ${result.ratio}x, +${result.addedMs} ms); ` +
      `store query alone ${result.queryMedianMs} ms`,
  );
  report(result);
} finally {
  await world.dispose();
  dispose();
}
