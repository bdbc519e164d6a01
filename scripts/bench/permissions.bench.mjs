#!/usr/bin/env node
// Decision-latency benchmark for @berth/permissions with 1,000 rules loaded: prints median and p99
// per scenario (single, compound, safety-ask, file and web tools, and the checks for real teams'
// rules: option table, recursive reads, the daemon's git config lookup and link counts against a
// real repository, each lookup also timed without it as a baseline), then one JSON line for
// run-all.mjs.
//   node scripts/bench/permissions.bench.mjs [iterations]   (BENCH_ITERATIONS also works)
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPermissionsModule } from "../lib/load-permissions-module.mjs";
import { loadCallerIo } from "./lib/caller-io.mjs";

const { runDecisionLatency, formatLatency } = await loadPermissionsModule(
  "bench/decision-latency.ts",
  "berth-permissions-bench",
);
const { GitConfigHazards, linkCount } = await loadCallerIo();
const repo = mkdtempSync(join(tmpdir(), "berth-bench-repo-"));
execFileSync("git", ["init", "-q", repo]);
execFileSync("git", ["-C", repo, "config", "include.path", "shared.cfg"]);
const hazards = new GitConfigHazards();
const io = { gitConfigHazard: () => hazards.lookup(repo), linkCount };
let report;
try {
  report = await runDecisionLatency(Number(process.argv[2] ?? process.env.BENCH_ITERATIONS ?? 5000), io);
} finally {
  rmSync(repo, { recursive: true, force: true });
}
process.stdout.write(`${formatLatency(report)}\n`);
for (const row of report.rows) {
  const base = report.rows.find((r) => r.scenario === `${row.scenario} — without`);
  if (base)
    process.stdout.write(
      `${row.scenario}: median ${(row.medianUs / base.medianUs).toFixed(2)}x, p99 ${(row.p99Us / base.p99Us).toFixed(2)}x the same decision without the lookup\n`,
    );
}
const round = (n) => Math.round(n * 10) / 10;
const result = {
  bench: "permissions-decision-latency",
  rules: report.rules,
  compileMs: round(report.compileMs),
  iterations: report.iterations,
};
for (const row of report.rows)
  result[row.scenario] = { behavior: row.behavior, medianUs: round(row.medianUs), p99Us: round(row.p99Us) };
process.stdout.write(`${JSON.stringify(result)}\n`);
