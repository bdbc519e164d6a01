#!/usr/bin/env node
// The cost of a PreToolUse hook `true` per tool call: one turn of N Read calls through the real
// daemon in a project whose settings run `true` before every tool call, against the same turn in
// a project without hooks, alternating, in the same run. (with - without) / N is the per-call cost
// of starting the hook process, writing its input and reading its result.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DAEMON, makeWorld, median, report, requireBuilt, round } from "./lib/common.mjs";
import { loadDriver } from "./lib/bundle-driver.mjs";

const CALLS = Number(process.env.BENCH_TOOL_CALLS ?? 50);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

requireBuilt();
const { driver, dispose: cleanup } = await loadDriver("scripts/bench/lib/context-driver.mjs");
const world = makeWorld("berth-bench-hooks-");
try {
  const hooked = join(world.root, "hooked");
  const plain = join(world.root, "plain");
  mkdirSync(hooked, { recursive: true });
  mkdirSync(plain, { recursive: true });
  driver.writeHookSettings(hooked, "true");
  const { base, hook } = await driver.withDaemon(world, DAEMON, async ({ session }) => {
    await session(plain, 5);
    await session(hooked, 5);
    const base = [];
    const hook = [];
    for (let i = 0; i < REPEATS; i++) {
      base.push(await session(plain, CALLS));
      hook.push(await session(hooked, CALLS));
    }
    return { base: median(base), hook: median(hook) };
  });
  const out = {
    bench: "hooks-overhead",
    repeats: REPEATS,
    toolCalls: CALLS,
    turnWithoutHooksMs: round(base),
    turnWithHookMs: round(hook),
    perCallWithoutHooksMs: round(base / CALLS, 2),
    hookOverheadPerCallMs: round((hook - base) / CALLS, 2),
    ratio: round(hook / base, 2),
  };
  console.log(
    `${CALLS} Read calls: ${out.turnWithHookMs} ms with a PreToolUse hook \`true\` vs ${out.turnWithoutHooksMs} ms without ` +
      `(ratio ${out.ratio}); the hook adds ${out.hookOverheadPerCallMs} ms per tool call (a call costs ${out.perCallWithoutHooksMs} ms without)`,
  );
  report(out);
} finally {
  await world.dispose();
  cleanup();
}
