// A daemon started by hand from a terminal full of credentials must not keep them: it restarts
// itself with the allowlisted environment (the shell's parent is the daemon, and
// /proc/<pid>/environ never changes), and the clean copy dies with its supervisor.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir, waitFor } from "@berth/testkit";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectWhenReady, ensureBuilt, spawnDaemon } from "./spawned";

const KEY = "sk-ant-api03-CANARYdirectlaunch-6d0e1f2a";
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(process.platform !== "linux")("daemon started with secrets in its environment", () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it("serves from a clean copy of itself and stops when its supervisor is killed", async () => {
    const dir = makeTempDir("berth-clean-env-");
    cleanups.push(() => dir.cleanup());
    const home = join(dir.path, "home");
    const spawned = await spawnDaemon(home, { env: { ANTHROPIC_API_KEY: KEY, LANG: "C.UTF-8" } });
    cleanups.push(() => spawned.child.kill("SIGKILL"));
    const conn = await connectWhenReady(spawned);
    const { pid } = await conn.request("daemon/status", {});
    await conn.close();
    cleanups.push(() => alive(pid) && process.kill(pid, "SIGKILL"));

    expect(pid).not.toBe(spawned.pid);
    expect(readFileSync(`/proc/${spawned.pid}/environ`, "latin1")).toContain(KEY);
    const environ = readFileSync(`/proc/${pid}/environ`, "latin1");
    expect(environ).not.toContain(KEY);
    expect(environ).toContain("LANG=C.UTF-8");
    expect(spawned.stderr()).toMatch(/minimal environment/);
    expect(spawned.stderr()).not.toContain(KEY);

    spawned.child.kill("SIGKILL");
    await waitFor(() => !alive(pid), {
      timeoutMs: 20_000,
      description: "the clean daemon to follow its supervisor",
    });
  }, 60_000);
});
