import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type MemoryWatcher, watchMemory } from "./watch.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0)) await fn();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setup(): { root: string; changes: () => number; watch(paths: string[]): MemoryWatcher } {
  const dir = makeTempDir("berth-memory-watch-");
  cleanups.push(() => dir.cleanup());
  let count = 0;
  return {
    root: realpathSync(dir.path),
    changes: () => count,
    watch(paths) {
      const watcher = watchMemory(paths, () => count++);
      cleanups.push(() => watcher.close());
      return watcher;
    },
  };
}

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(20);
  }
}

describe("watchMemory", () => {
  it("reports a candidate file created, changed or removed, and nothing else in its folder", async () => {
    const t = setup();
    const memory = join(t.root, "CLAUDE.md");
    t.watch([memory]);
    writeFileSync(join(t.root, "unrelated.txt"), "busy folder");
    writeFileSync(join(t.root, "berth.db-wal"), "x");
    await sleep(400);
    expect(t.changes()).toBe(0);
    writeFileSync(memory, "new rules");
    await until(() => t.changes() === 1);
    writeFileSync(memory, "changed rules");
    await until(() => t.changes() === 2);
  });

  it("watches folders added later and stops after close", async () => {
    const t = setup();
    const watcher = t.watch([]);
    const sub = join(t.root, "pkg");
    mkdirSync(sub);
    watcher.add([join(sub, "CLAUDE.md")]);
    writeFileSync(join(sub, "CLAUDE.md"), "package rules");
    await until(() => t.changes() === 1);
    await watcher.close();
    writeFileSync(join(sub, "CLAUDE.md"), "after close");
    await sleep(400);
    expect(t.changes()).toBe(1);
  });
});
