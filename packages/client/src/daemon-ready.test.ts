import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { READY_FD, waitForDaemonStart } from "./daemon-ready";

/** A real child process standing in for the daemon, with the ready pipe where spawnDaemon puts it. */
function child(script: string) {
  return spawn(process.execPath, ["-e", script], { stdio: ["ignore", "ignore", "ignore", "pipe"] });
}

describe("waitForDaemonStart", () => {
  it("resolves on the ready line while the daemon keeps running", async () => {
    const proc = child(`require("fs").writeSync(${READY_FD}, "ready\\n"); setTimeout(() => {}, 30000)`);
    try {
      expect(await waitForDaemonStart(proc, 20_000)).toEqual({ kind: "ready" });
      expect(proc.exitCode).toBeNull();
    } finally {
      proc.kill("SIGKILL");
    }
  });

  it("reports a lost race (exit 3) and a failed start apart", async () => {
    expect(await waitForDaemonStart(child("process.exit(3)"), 20_000)).toEqual({ kind: "lost-race" });
    expect(await waitForDaemonStart(child("process.exit(1)"), 20_000)).toEqual({ kind: "failed", code: 1 });
  });

  it("reports an exit that happened before it started waiting (a daemon spawned early)", async () => {
    const proc = child("process.exit(3)");
    await new Promise((r) => proc.once("exit", r));
    expect(await waitForDaemonStart(proc, 20_000)).toEqual({ kind: "lost-race" });
  });

  it("gives up after the timeout when the daemon neither signals nor exits", async () => {
    const proc = child("setTimeout(() => {}, 30000)");
    try {
      expect(await waitForDaemonStart(proc, 300)).toEqual({ kind: "timeout" });
    } finally {
      proc.kill("SIGKILL");
    }
  });
});
