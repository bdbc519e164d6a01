#!/usr/bin/env node
// Telemetry overhead: what exporting the documented metrics and events (OTLP http/protobuf to
// a real local receiver) adds per model request and per tool call, against the same work with
// telemetry off in the same daemon and the same run; and the resident memory of two fresh
// daemons after the same session workload, one with telemetry off and one with it on.
//
// Per model request: TURNS one-request text turns. Per tool call: one turn of CALLS Read calls
// (each call also carries its model request). Off and on alternate; the median pair is taken.
import { loadDriver } from "./lib/bundle-driver.mjs";
import { DAEMON, makeWorld, median, report, requireBuilt, round } from "./lib/common.mjs";

const TURNS = Number(process.env.BENCH_TEXT_TURNS ?? 100);
const CALLS = Number(process.env.BENCH_TOOL_CALLS ?? 200);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

if (process.platform !== "linux") {
  console.log("telemetry overhead: skipped (reads /proc for memory, Linux only)");
  report({ bench: "telemetry-overhead", skipped: true });
  process.exit(0);
}
requireBuilt();
const { driver, dispose } = await loadDriver("scripts/bench/lib/telemetry-driver.mjs");
// Memory first, each in a fresh daemon, so neither carries the other's (or the timing runs') heap.
const rss = {};
for (const telemetry of [false, true]) {
  const w = makeWorld("berth-bench-telemetry-rss-");
  try {
    rss[telemetry ? "on" : "off"] = await driver.measureRss({ world: w, daemonEntry: DAEMON, telemetry });
  } finally {
    await w.dispose();
  }
}
const rssOffMiB = rss.off;
const rssOnMiB = rss.on;
const world = makeWorld("berth-bench-telemetry-");
try {
  const { samples, exported } = await driver.measure({
    world,
    daemonEntry: DAEMON,
    turns: TURNS,
    calls: CALLS,
    repeats: REPEATS,
  });
  const perRequest = samples.map((s) => ({ off: s.off.textMs / TURNS, on: s.on.textMs / TURNS }));
  const perCall = samples.map((s) => ({ off: s.off.toolMs / CALLS, on: s.on.toolMs / CALLS }));
  const mid = (pairs) => pairs.sort((a, b) => a.on - a.off - (b.on - b.off))[Math.floor(pairs.length / 2)];
  const req = mid(perRequest);
  const call = mid(perCall);
  const result = {
    bench: "telemetry-overhead",
    repeats: REPEATS,
    perModelRequestMs: {
      off: round(req.off, 3),
      on: round(req.on, 3),
      added: round(req.on - req.off, 3),
      ratio: round(req.on / req.off, 3),
    },
    perToolCallMs: {
      off: round(call.off, 3),
      on: round(call.on, 3),
      added: round(call.on - call.off, 3),
      ratio: round(call.on / call.off, 3),
    },
    rssMiB: { off: round(rssOffMiB), on: round(rssOnMiB), ratio: round(rssOnMiB / rssOffMiB, 2) },
    medianTextTurnMs: round(median(samples.map((s) => s.off.textMs / TURNS)), 3),
    exported,
  };
  const r = result.perModelRequestMs;
  const c = result.perToolCallMs;
  console.log(
    `per model request (${TURNS} text turns): off ${r.off} ms, on ${r.on} ms, +${r.added} ms (ratio ${r.ratio})`,
  );
  console.log(
    `per tool call (one turn of ${CALLS} Reads, each with its request): off ${c.off} ms, on ${c.on} ms, +${c.added} ms (ratio ${c.ratio})`,
  );
  console.log(
    `daemon rss after the same session workload: ${result.rssMiB.off} MiB telemetry off, ${result.rssMiB.on} MiB on (ratio ${result.rssMiB.ratio})`,
  );
  console.log(
    `  median of ${REPEATS} off/on pairs; the receiver decoded ${exported.points} metric points and ${exported.events} events`,
  );
  report(result);
} finally {
  await world.dispose();
  dispose();
}
