#!/usr/bin/env node
// Session start with a 2,000-line CLAUDE.md tree of 20 files with imports, through the real
// daemon: session/create → first turn (one model request) → turn end, against the fake model.
// Baseline: the same in a project with no memory files, in the same run. The difference is what
// finding, reading and following imports costs, plus sending the larger system prompt.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DAEMON, makeWorld, median, report, requireBuilt, round } from "./lib/common.mjs";
import { loadDriver } from "./lib/bundle-driver.mjs";

const REPEATS = Number(process.env.BENCH_REPEATS ?? 7);

requireBuilt();
const { driver, dispose: cleanup } = await loadDriver("scripts/bench/lib/context-driver.mjs");
const world = makeWorld("berth-bench-memory-");
try {
  const withTree = join(world.root, "with-tree");
  const empty = join(world.root, "empty");
  mkdirSync(withTree, { recursive: true });
  mkdirSync(empty, { recursive: true });
  driver.writeMemoryTree(withTree);
  const result = await driver.withDaemon(world, DAEMON, async ({ fake, session }) => {
    await session(empty, 0); // warm-up: module init, JIT
    const base = [];
    const tree = [];
    for (let i = 0; i < REPEATS; i++) {
      base.push(await session(empty, 0));
      tree.push(await session(withTree, 0));
    }
    const system = fake.requests.at(-1)?.body?.system;
    const systemChars = typeof system === "string" ? system.length : JSON.stringify(system ?? "").length;
    return { base: median(base), tree: median(tree), systemChars };
  });
  const out = {
    bench: "context-memory",
    repeats: REPEATS,
    memoryFiles: 20,
    memoryLines: 2000,
    sessionStartEmptyMs: round(result.base),
    sessionStartWithTreeMs: round(result.tree),
    addedMs: round(result.tree - result.base),
    ratio: round(result.tree / result.base, 2),
    systemPromptChars: result.systemChars,
  };
  console.log(
    `session start (create + first turn): ${out.sessionStartWithTreeMs} ms with a 2,000-line CLAUDE.md tree of 20 files ` +
      `vs ${out.sessionStartEmptyMs} ms without (+${out.addedMs} ms, ratio ${out.ratio}; system prompt ${out.systemPromptChars} chars)`,
  );
  report(out);
} finally {
  await world.dispose();
  cleanup();
}
