// Each session's terminal is its own: no process the daemon starts after a pty shell (another
// session's shell, a hook, an MCP server, a helper) may hold that shell's pty master, or it could
// type into that session's terminal (past its permission checks) or read its output.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isCloseOnExec, masterFds } from "./pty-fds.js";
import { createShellSession } from "./session.js";
import { tempDir, trackShell } from "../test-helpers.js";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
// masterFds is the daemon's own check; the first assertion below shows it finds masters.
const masters = masterFds;

async function shellPid(cwd: string): Promise<number> {
  const sh = trackShell(createShellSession({ cwd, env: { ...env, HOME: cwd }, killGraceMs: 300 }));
  const run = await sh.run("echo $$");
  expect(run.exitCode).toBe(0);
  return Number(run.output.trim());
}

describe.runIf(process.platform === "linux")("pty masters", () => {
  it("are held by the daemon only: not by later shells or other child processes", async () => {
    const before = masters(process.pid).length;
    const a = await shellPid(tempDir());
    const b = await shellPid(tempDir());
    const c = await shellPid(tempDir());
    // The daemon holds one master per shell (the test would mean nothing otherwise).
    expect(masters(process.pid).length).toBeGreaterThanOrEqual(before + 3);
    // Berth's node-pty patch is in this install: every master is close-on-exec.
    for (const fd of masters(process.pid)) expect(isCloseOnExec(fd), `fd ${fd}`).toBe(true);
    // Spawned the way hooks and MCP stdio servers are (node:child_process, default stdio).
    const child = spawn("sleep", ["30"], { stdio: ["pipe", "pipe", "pipe"] });
    try {
      await new Promise((resolve) => child.once("spawn", resolve));
      expect(masters(child.pid as number)).toEqual([]);
      expect(masters(a)).toEqual([]);
      expect(masters(b)).toEqual([]);
      expect(masters(c)).toEqual([]);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("are not inherited by the commands a shell runs", async () => {
    const cwd = tempDir();
    await shellPid(tempDir());
    const sh = trackShell(createShellSession({ cwd, env: { ...env, HOME: cwd }, killGraceMs: 300 }));
    const run = await sh.run("ls -l /proc/$$/fd /proc/self/fd");
    expect(run.exitCode).toBe(0);
    expect(run.output).not.toMatch(/ptmx/);
  });
});
