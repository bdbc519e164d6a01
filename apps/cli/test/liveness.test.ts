// Whether a daemon runs is decided by its kernel lock and its socket, never by the pid in the
// lock record: zombies, reused pids, records of other versions, and clients racing to start one.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { berthPaths, formatLockRecord } from "@berth/protocol";
import { waitFor } from "@berth/testkit";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { isAlive, makeSandbox, runCli, type Sandbox } from "./support/cli";
import { CLI_ENTRY, ensureBuilt, REPO_ROOT } from "./support/paths";

const sandboxes: Sandbox[] = [];
const children: Array<{ pid: number }> = [];
beforeAll(() => ensureBuilt(), 120_000);
afterEach(async () => {
  for (const c of children.splice(0)) if (isAlive(c.pid)) process.kill(c.pid, "SIGKILL");
  for (const s of sandboxes.splice(0)) await s.cleanup();
});

function sandbox(): { box: Sandbox; berth: (...args: string[]) => ReturnType<typeof runCli> } {
  const box = makeSandbox("berth-liveness-");
  sandboxes.push(box);
  const cwd = box.project();
  return { box, berth: (...args) => runCli(args, { cwd, env: box.env(), timeoutMs: 40_000 }) };
}

async function statusJson(berth: (...args: string[]) => ReturnType<typeof runCli>) {
  const run = await berth("daemon", "status", "--json");
  return JSON.parse(run.stdout) as {
    running: boolean;
    pid?: number;
    found?: { socket: string; owner?: { pid: number; process: string }; explanation: string };
  };
}

/** Live (non-zombie) daemon processes serving this home, found by their command line. */
function daemonsOf(home: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const zombie = stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
      if (!zombie && cmd.some((a) => a.endsWith("berth-daemon.js")) && cmd.includes(home))
        found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

function sleeper(): number {
  const child = spawn("sleep", ["600"], { stdio: "ignore" });
  children.push({ pid: child.pid! });
  return child.pid!;
}

const unshareWorks =
  process.platform === "linux" && spawnSync("unshare", ["-fp", "--mount-proc", "true"]).status === 0;

describe("daemon liveness", () => {
  it.skipIf(!unshareWorks)(
    "starts a new daemon when the old one is a zombie under a PID 1 that never reaps (unshare -fp)",
    async () => {
      const { box } = sandbox();
      const run = spawnSync(
        "unshare",
        [
          "-fp",
          "--mount-proc",
          process.execPath,
          join(REPO_ROOT, "apps/cli/test/support/non-reaping-init.mjs"),
          CLI_ENTRY,
        ],
        { env: box.env(), cwd: box.project(), encoding: "utf8", timeout: 120_000 },
      );
      expect(run.stderr).toBe("");
      const report = JSON.parse(run.stdout);
      expect(report.pid1).toBe(1);
      expect(report.firstStart.code).toBe(0);
      expect(report.stateAfterKill).toBe("Z");
      expect(report.statusWhileZombie.code).toBe(3);
      const found = JSON.parse(report.statusWhileZombie.stdout).found;
      expect(found.owner).toEqual({ pid: report.firstPid, process: "zombie" });
      expect(found.explanation).toContain("zombie");
      expect(report.restart.code).toBe(0);
      expect(report.secondPid).toBeGreaterThan(0);
      expect(report.secondPid).not.toBe(report.firstPid);
      // The proof that a zombie was there all along, and that it did not block the restart.
      expect(report.firstStillZombie).toBe(true);
      expect(report.stop.stdout).toContain("Stopped the Berth daemon");
    },
    150_000,
  );

  it("starts a new daemon when the old one is a zombie whose parent never waits (no namespace needed)", async () => {
    const { box, berth } = sandbox();
    // `exec sleep` replaces the shell: the daemon's parent is now a program that never calls wait().
    const parent = spawn(
      "sh",
      [
        "-c",
        `"${process.execPath}" "${join(REPO_ROOT, "apps/daemon/dist/berth-daemon.js")}" --home "${box.home}" & exec sleep 600`,
      ],
      { env: box.env(), stdio: "ignore" },
    );
    children.push({ pid: parent.pid! });
    const first = await waitFor(async () => (await statusJson(berth)).pid, {
      timeoutMs: 30_000,
      description: "first daemon",
    });
    process.kill(first, "SIGKILL");
    await waitFor(() => readFileSync(`/proc/${first}/stat`, "utf8").includes(") Z "), {
      timeoutMs: 10_000,
      description: "a zombie",
    });
    const start = await berth("daemon", "start");
    expect(start.stderr).toBe("");
    expect(start.code).toBe(0);
    const second = (await statusJson(berth)).pid;
    expect(second).not.toBe(first);
    expect(readFileSync(`/proc/${first}/stat`, "utf8")).toContain(") Z ");
  }, 90_000);

  it("ignores a lock record whose pid now belongs to another program, and says so", async () => {
    const { box, berth } = sandbox();
    const other = sleeper();
    mkdirSync(berthPaths(box.home).runDir, { recursive: true, mode: 0o700 });
    // The recorded start time is not the sleeper's: the pid was reused after the daemon died.
    writeFileSync(
      berthPaths(box.home).lock,
      formatLockRecord({ format: 2, pid: other, version: "0.1.0", startedAt: 1, processStart: 1 }),
    );
    const status = await statusJson(berth);
    expect(status.running).toBe(false);
    expect(status.found?.owner).toEqual({ pid: other, process: "reused" });
    expect(status.found?.explanation).toContain("now belongs to another program");
    const start = await berth("daemon", "start");
    expect(start.code).toBe(0);
    const running = await statusJson(berth);
    expect(running.pid).not.toBe(other);
    expect(isAlive(other)).toBe(true);
  }, 90_000);

  it("takes over lock records left by other Berth versions once no daemon answers", async () => {
    for (const [content, expected] of [
      // Before format 2: a bare pid, here of a live unrelated process.
      [`${sleeper()}\n`, "running but not serving"],
      // A newer format this version cannot read.
      [`4194301\n{"format":9,"pid":4194301}\n`, "another Berth version"],
    ] as const) {
      const { box, berth } = sandbox();
      mkdirSync(berthPaths(box.home).runDir, { recursive: true, mode: 0o700 });
      writeFileSync(berthPaths(box.home).lock, content);
      const status = await statusJson(berth);
      expect(status.running).toBe(false);
      expect(status.found?.explanation).toContain(expected);
      expect((await berth("daemon", "start")).code).toBe(0);
      expect((await statusJson(berth)).running).toBe(true);
    }
  }, 120_000);

  it("two clients racing to start a daemon get exactly one, and both are connected to it", async () => {
    const { box, berth } = sandbox();
    const runs = await Promise.all([
      berth("daemon", "start"),
      berth("daemon", "start"),
      berth("daemon", "start"),
    ]);
    for (const run of runs) {
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    }
    const pids = runs.map((r) => Number(/pid (\d+)/.exec(r.stdout)?.[1]));
    expect(new Set(pids).size).toBe(1);
    // The losers exit (code 3) as soon as they see the held lock.
    await waitFor(() => daemonsOf(box.home).length === 1, {
      timeoutMs: 15_000,
      description: "one daemon left",
    });
    expect(daemonsOf(box.home)).toEqual([pids[0]]);
  }, 90_000);
});
