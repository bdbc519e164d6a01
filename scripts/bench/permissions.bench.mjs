#!/usr/bin/env node
// Decision-latency benchmark for @berth/permissions with 1,000 rules loaded: prints median and p99
// per scenario (single, compound, safety-ask, file and web tools), then one JSON line for
// run-all.mjs.
//   node scripts/bench/permissions.bench.mjs [iterations]   (BENCH_ITERATIONS also works)
import { loadPermissionsModule } from "../lib/load-permissions-module.mjs";

const { runDecisionLatency, formatLatency } = await loadPermissionsModule(
  "bench/decision-latency.ts",
  "berth-permissions-bench",
);
const report = await runDecisionLatency(Number(process.argv[2] ?? process.env.BENCH_ITERATIONS ?? 5000));
process.stdout.write(`${formatLatency(report)}\n`);
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
