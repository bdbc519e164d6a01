#!/usr/bin/env node
// Decision-latency benchmark for @berth/permissions with 1,000 rules loaded: prints median and p99
// per scenario (single, compound, safety-ask, file and web tools).
//   node scripts/bench/permissions.mjs [iterations]
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const out = join(root, "packages/permissions/node_modules/.cache/berth-permissions-bench.mjs");
mkdirSync(dirname(out), { recursive: true });
await build({
  entryPoints: [join(root, "packages/permissions/src/bench/decision-latency.ts")],
  outfile: out,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  external: ["web-tree-sitter"],
  logLevel: "warning",
});
const { runDecisionLatency, formatLatency } = await import(pathToFileURL(out).href);
const report = await runDecisionLatency(Number(process.argv[2] ?? 2000));
process.stdout.write(`${formatLatency(report)}\n`);
