#!/usr/bin/env node
// Agent overhead: one turn of 200 tool calls (each model reply is one Read of a small file,
// then a final text) through the real daemon, against the fake model with no latency.
// BENCH_TOOL=bash makes each call an `ls` through the Bash tool's persistent shell instead.
//
// Method: the daemon run's model requests are captured, then replayed one after another with
// the SDK directly (same bodies, same streamed replies, no Berth). The difference between the
// two wall times is what Berth adds around the model: tool dispatch and the Read itself, the
// permission check, history and request building, SQLite persistence of every event and
// message, and fan-out of events to the client. Divided by 200 it is the overhead per call.
import { loadDriver } from "./lib/bundle-driver.mjs";
import { DAEMON, daemonPid, makeWorld, report, requireBuilt, round } from "./lib/common.mjs";

const CALLS = Number(process.env.BENCH_TOOL_CALLS ?? 200);
const WARMUP_CALLS = 20;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const TOOL = process.env.BENCH_TOOL === "bash" ? "bash" : "read";

requireBuilt();
// The driver imports workspace packages (TypeScript); it is bundled like the apps.
const { driver, dispose: disposeBundle } = await loadDriver("scripts/bench/lib/agent-overhead-driver.mjs");

const world = makeWorld("berth-bench-agent-");
try {
  const samples = await driver.measure({
    world,
    daemonEntry: process.env.BENCH_DAEMON_ENTRY ?? DAEMON,
    calls: CALLS,
    warmupCalls: WARMUP_CALLS,
    repeats: REPEATS,
    tool: TOOL,
    daemonPid: () => daemonPid(world.home),
  });
  const byOverhead = samples.map((s) => ({ ...s, overheadMs: s.wallMs - s.baselineMs }));
  byOverhead.sort((a, b) => a.overheadMs - b.overheadMs);
  const m = byOverhead[Math.floor(byOverhead.length / 2)];
  const overheadMs = m.overheadMs;
  const result = {
    bench: TOOL === "bash" ? "agent-overhead-bash" : "agent-overhead",
    repeats: REPEATS,
    toolCalls: m.calls,
    modelRequests: m.calls + 1,
    wallMs: round(m.wallMs),
    daemonTurnMs: round(m.turnMs),
    sdkBaselineMs: round(m.baselineMs),
    overheadMs: round(overheadMs),
    overheadPerCallMs: round(overheadMs / m.calls, 2),
    ratioToSdk: round(m.wallMs / m.baselineMs, 2),
    // Median over the runs of the daemon's own CPU time per call: steadier than wall time on a
    // busy machine (it includes the SDK's share of the work, which the baseline also does).
    daemonCpuPerCallMs: cpuPerCall(samples),
    events: m.events,
    requestMiB: round(m.requestBytes / 1048576, 1),
    overheadPerCallRangeMs: [
      round(byOverhead[0].overheadMs / m.calls, 2),
      round(byOverhead.at(-1).overheadMs / m.calls, 2),
    ],
  };
  const toolName = TOOL === "bash" ? "Bash `ls`" : "Read";
  console.log(
    `agent turn: ${result.toolCalls} ${toolName} calls + final text in ${result.wallMs} ms wall ` +
      `(daemon's own turn timer ${result.daemonTurnMs} ms, ${result.events} events to the client)`,
  );
  console.log(
    `sdk baseline: the same ${result.modelRequests} requests (${result.requestMiB} MiB of bodies) sent directly with the SDK: ${result.sdkBaselineMs} ms`,
  );
  console.log(
    `agent overhead: ${result.overheadPerCallMs} ms per tool call ((wall - baseline) / ${result.toolCalls}; ` +
      "covers tool dispatch + Read, permission check, request building, SQLite writes, event fan-out)",
  );
  console.log(
    `  median of ${REPEATS} run/replay pairs; per-call overhead ranged ${result.overheadPerCallRangeMs.join("-")} ms`,
  );
  if (result.daemonCpuPerCallMs !== undefined)
    console.log(`daemon CPU: ${result.daemonCpuPerCallMs} ms per tool call (user + system, median of runs)`);
  report(result);
} finally {
  await world.dispose();
  disposeBundle();
}

function cpuPerCall(samples) {
  const perCall = samples.filter((s) => s.daemonCpuMs !== undefined).map((s) => s.daemonCpuMs / s.calls);
  if (perCall.length === 0) return undefined;
  perCall.sort((a, b) => a - b);
  return round(perCall[Math.floor(perCall.length / 2)], 2);
}
