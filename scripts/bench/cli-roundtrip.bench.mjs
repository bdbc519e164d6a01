#!/usr/bin/env node
// CLI round trip: `berth sessions` against a warm daemon, wall time from spawn to exit.
// `node -e 0` runs the same number of times, interleaved, so the ratio says what Berth adds
// on top of starting Node on this machine at this moment (noise hits both alike).
import { spawnSync } from "node:child_process";
import {
  berth,
  CLI,
  makeWorld,
  median,
  percentile,
  report,
  requireBuilt,
  round,
  timeMs,
} from "./lib/common.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const WARMUP = 3;

requireBuilt();
const world = makeWorld("berth-bench-cli-");
try {
  berth(world, ["daemon", "start"]);
  const sessions = () => {
    const run = spawnSync(process.execPath, [CLI, "sessions"], { cwd: world.project, env: world.env });
    if (run.status !== 0) throw new Error(`berth sessions failed: ${run.stderr}`);
  };
  const bare = () => spawnSync(process.execPath, ["-e", "0"], { env: world.env });
  for (let i = 0; i < WARMUP; i++) {
    sessions();
    bare();
  }
  const cli = [];
  const node = [];
  for (let i = 0; i < RUNS; i++) {
    cli.push(timeMs(sessions));
    node.push(timeMs(bare));
  }
  const result = {
    bench: "cli-roundtrip",
    runs: RUNS,
    medianMs: round(median(cli)),
    p90Ms: round(percentile(cli, 90)),
    nodeMedianMs: round(median(node)),
    nodeP90Ms: round(percentile(node, 90)),
    ratio: round(median(cli) / median(node), 2),
  };
  console.log(
    `cli round trip: median ${result.medianMs} ms, p90 ${result.p90Ms} ms over ${RUNS} runs of \`berth sessions\` ` +
      `(node -e 0: ${result.nodeMedianMs} ms, ratio ${result.ratio}x)`,
  );
  report(result);
} finally {
  await world.dispose();
}
