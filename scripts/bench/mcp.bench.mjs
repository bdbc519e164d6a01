#!/usr/bin/env node
// MCP costs through the real, built daemon and a real stdio server from npm
// (@modelcontextprotocol/server-everything):
//   - time from session/create to the first model request with 0, 1 and 5 stdio servers
//     configured (each session in a new folder, so its servers really start; 0 is the baseline);
//   - daemon RSS with 5 servers running next to the same daemon with none;
//   - one mcp__ tool call (echo) next to one direct tool call (Read), per call in a turn of many.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { DAEMON, makeWorld, report, requireBuilt, ROOT, round } from "./lib/common.mjs";

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const CALLS = Number(process.env.BENCH_TOOL_CALLS ?? 50);
const EVERYTHING = join(
  ROOT,
  "packages/mcp/node_modules/@modelcontextprotocol/server-everything/dist/index.js",
);

requireBuilt();
const out = mkdtempSync(join(tmpdir(), "berth-bench-bundle-"));
const driverFile = join(out, "driver.mjs");
await build({
  entryPoints: [join(ROOT, "scripts/bench/lib/mcp-driver.mjs")],
  outfile: driverFile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  mainFields: ["module", "main"],
  nodePaths: [join(ROOT, "apps/cli/node_modules"), join(ROOT, "packages/testkit/node_modules")],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  external: ["bufferutil", "utf-8-validate"],
  logLevel: "warning",
});
const driver = await import(pathToFileURL(driverFile).href);

const world = makeWorld("berth-bench-mcp-");
try {
  const m = await driver.measure({
    world,
    daemonEntry: DAEMON,
    everything: EVERYTHING,
    repeats: REPEATS,
    calls: CALLS,
  });
  const mib = (b) => round(b / 1048576, 1);
  const result = {
    bench: "mcp",
    repeats: REPEATS,
    firstRequestMs: { 0: round(m.startup[0]), 1: round(m.startup[1]), 5: round(m.startup[5]) },
    firstRequestRatio: { 1: round(m.startup[1] / m.startup[0], 2), 5: round(m.startup[5] / m.startup[0], 2) },
    daemonRssMiB: { none: mib(m.rssNone), five: mib(m.rssFive) },
    daemonRssRatio: round(m.rssFive / m.rssNone, 2),
    perCallMs: { direct: round(m.directPerCallMs, 2), mcp: round(m.mcpPerCallMs, 2) },
    mcpCallRatio: round(m.mcpPerCallMs / m.directPerCallMs, 2),
  };
  console.log(
    `session/create → first model request: ${result.firstRequestMs[0]} ms with no MCP server (baseline), ` +
      `${result.firstRequestMs[1]} ms with 1 stdio server (x${result.firstRequestRatio[1]}), ` +
      `${result.firstRequestMs[5]} ms with 5 (x${result.firstRequestRatio[5]}); median of ${REPEATS}`,
  );
  console.log(
    `daemon RSS: ${result.daemonRssMiB.none} MiB with no server running, ${result.daemonRssMiB.five} MiB with 5 stdio servers (x${result.daemonRssRatio}; the servers' own processes not included)`,
  );
  console.log(
    `tool call in a turn of ${CALLS}: Read ${result.perCallMs.direct} ms, mcp__s0__echo ${result.perCallMs.mcp} ms (x${result.mcpCallRatio})`,
  );
  report(result);
} finally {
  await world.dispose();
  rmSync(out, { recursive: true, force: true });
}
