// A hook's process group is reported while it runs, so a daemon killed mid-hook leaves a record
// the next daemon can act on (apps/daemon's group registry); real processes, read from /proc.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runHookCommand } from "./run-command.js";
import type { SelectedHook } from "./types.js";

const hook = (command: string): SelectedHook => ({
  event: "PreToolUse",
  command,
  timeoutMs: 10_000,
  async: false,
  matcher: undefined,
  source: { kind: "project", path: "/project/settings.json" },
});

function groupOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
}

describe.skipIf(!existsSync("/proc/self/stat"))("runHookCommand process groups", () => {
  it("reports the hook's own group when it starts, and that it is done when it ends", async () => {
    const calls: Array<[number, boolean, number | undefined]> = [];
    const run = await runHookCommand(hook("sleep 0.3; echo done"), {
      cwd: "/",
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      input: "{}",
      // While it runs, the reported id is a live group led by the hook's shell.
      onGroup: (pgid, running) => calls.push([pgid, running, running ? groupOf(pgid) : undefined]),
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe("done");
    expect(calls).toHaveLength(2);
    const [started, ended] = calls;
    expect(started?.[1]).toBe(true);
    expect(started?.[2]).toBe(started?.[0]);
    expect(started?.[0]).not.toBe(groupOf(process.pid));
    expect(ended?.slice(0, 2)).toEqual([started?.[0], false]);
  });

  it("says the group is done when the hook is killed by its timeout", async () => {
    const calls: Array<[number, boolean]> = [];
    const run = await runHookCommand(
      { ...hook("sleep 30"), timeoutMs: 200 },
      { cwd: "/", env: { PATH: process.env.PATH ?? "" }, input: "", onGroup: (p, r) => calls.push([p, r]) },
    );
    expect(run.timedOut).toBe(true);
    expect(calls.map((c) => c[1])).toEqual([true, false]);
  });
});
