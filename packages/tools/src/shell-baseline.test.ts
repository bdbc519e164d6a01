import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bootTick, lastPid } from "./shell/baseline.js";
import { createShellSession } from "./shell/session.js";
import { isAlive, readPid, tempDir, trackShell } from "./test-helpers.js";

const linux = process.platform === "linux";

function startTickOf(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, "latin1");
  return Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[19]);
}

describe.runIf(linux)("shell baseline (Linux: a boot-clock tick)", () => {
  it("reads the clock /proc start times use, in the same unit, and the pid counter", async () => {
    const before = bootTick();
    const pidMark = lastPid();
    const child = spawn("sleep", ["5"]);
    try {
      await new Promise((resolve) => child.once("spawn", resolve));
      const started = startTickOf(child.pid as number);
      const after = bootTick();
      expect(before).toBeDefined();
      // A wrong unit (USER_HZ) or clock (monotonic vs boot time) puts the start outside.
      expect(started).toBeGreaterThanOrEqual(before as number);
      expect(started).toBeLessThanOrEqual(after as number);
      // Pids are handed out upwards: one started after the mark is above it (barring a wrap).
      expect(child.pid).toBeGreaterThan(pidMark as number);
    } finally {
      child.kill();
    }
  });

  it("keeps jobs started by the command just before, however close the next one follows", async () => {
    const dir = tempDir();
    const sh = trackShell(
      createShellSession({
        cwd: dir,
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir },
        killGraceMs: 300,
      }),
    );
    await sh.run("true"); // not a fresh shell any more: the baseline is a tick from here on
    const pids: number[] = [];
    for (let i = 0; i < 4; i++) {
      await sh.run(`sleep 100 > /dev/null 2>&1 & echo $! > job${i}.pid`);
      pids.push(readPid(join(dir, `job${i}.pid`)));
      // Typed at once (the job often shares the tick the next command starts in: pids tell
      // them apart), or a little later (start times do).
      if (i % 2 === 1) await new Promise((resolve) => setTimeout(resolve, 25));
      // Its own job starts within its first moments, in the same tick: it must not pass for old.
      const r = await sh.run(`sleep 100 & echo $! > own${i}.pid; sleep 100`, { timeoutMs: 150 });
      expect(r.timedOut).toBe(true);
      const own = readPid(join(dir, `own${i}.pid`));
      expect(isAlive(own), `the timed-out command's job ${own} should be stopped`).toBe(false);
    }
    for (const pid of pids) expect(isAlive(pid), `job ${pid} should still run`).toBe(true);
    await sh.dispose();
  });
});
