import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { BerthConnection, SessionView } from "@berth/client";
import { berthPaths, livenessLockPath, parseLockRecord } from "@berth/protocol";
import { makeTempDir, startFakeAnthropic, text, turn, waitFor } from "@berth/testkit";
import pino from "pino";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { startDaemon } from "../src/daemon";
import { DaemonAlreadyRunningError } from "../src/lifecycle/lock";
import { EventRecorder } from "./harness";
import { connectWhenReady, ensureBuilt, spawnDaemon } from "./spawned";

const silent = pino({ level: "silent" });
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempHome(): string {
  const dir = makeTempDir("berth-lifecycle-");
  cleanups.push(() => dir.cleanup());
  return join(dir.path, "home");
}

describe("daemon lifecycle", () => {
  beforeAll(() => ensureBuilt());

  it("keeps its files private: 0700 run dir, 0600 token, socket and database", async () => {
    const home = tempHome();
    const daemon = await startDaemon({ home, idleTimeoutMs: 0, logger: silent, managedPaths: [] });
    cleanups.push(() => daemon.shutdown("test"));
    const paths = berthPaths(home);
    expect(statSync(paths.runDir).mode & 0o777).toBe(0o700);
    expect(statSync(paths.token).mode & 0o777).toBe(0o600);
    expect(statSync(paths.socket).mode & 0o777).toBe(0o600);
    expect(statSync(paths.db).mode & 0o777).toBe(0o600);
    expect(statSync(livenessLockPath(paths)).mode & 0o777).toBe(0o600);
    expect(statSync(paths.lock).mode & 0o777).toBe(0o600);
  });

  it("refuses a second daemon for the same home, and takes over a stale lock", async () => {
    const home = tempHome();
    const first = await startDaemon({ home, idleTimeoutMs: 0, logger: silent, managedPaths: [] });
    await expect(
      startDaemon({ home, idleTimeoutMs: 0, logger: silent, managedPaths: [] }),
    ).rejects.toBeInstanceOf(DaemonAlreadyRunningError);
    await first.shutdown("test");
    // A daemon killed without cleanup leaves its lock behind with a pid that no longer runs.
    mkdirSync(berthPaths(home).runDir, { recursive: true });
    writeFileSync(berthPaths(home).lock, "999999999\n");
    const second = await startDaemon({ home, idleTimeoutMs: 0, logger: silent, managedPaths: [] });
    const record = parseLockRecord(readFileSync(berthPaths(home).lock, "utf8"));
    expect(record.kind === "owner" && record.owner.pid).toBe(process.pid);
    await second.shutdown("test");
  });

  it("refuses to start while a daemon of an older Berth (no kernel lock) still serves the socket", async () => {
    const home = tempHome();
    const paths = berthPaths(home);
    mkdirSync(dirname(paths.socket), { recursive: true, mode: 0o700 });
    writeFileSync(paths.lock, "4194302\n");
    const older = createServer();
    await new Promise<void>((r) => older.listen(paths.socket, r));
    try {
      await expect(startDaemon({ home, idleTimeoutMs: 0, logger: silent, managedPaths: [] })).rejects.toThrow(
        /Another Berth daemon \(pid 4194302\) of another Berth version serves this home/,
      );
    } finally {
      await new Promise((r) => older.close(r));
    }
    // Its record is left alone while it serves; once it is gone the home is taken over.
    expect(readFileSync(paths.lock, "utf8")).toBe("4194302\n");
    const daemon = await startDaemon({ home, idleTimeoutMs: 0, logger: silent, managedPaths: [] });
    await daemon.shutdown("test");
  });

  it("exits by itself when idle, but not while a client is connected", async () => {
    const home = tempHome();
    const daemon = await startDaemon({ home, idleTimeoutMs: 300, logger: silent, managedPaths: [] });
    let stopped = false;
    void daemon.stopped.then(() => {
      stopped = true;
    });
    const paths = berthPaths(home);
    const conn = await BerthConnection.open({
      endpoint: { kind: "unix", socketPath: paths.socket },
      token: readFileSync(paths.token, "utf8").trim(),
      clientInfo: { name: "idle-test", version: "0" },
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(stopped).toBe(false);
    await conn.close();
    await waitFor(() => stopped, { timeoutMs: 5000, description: "idle exit" });
    expect(stopped).toBe(true);
  });

  it("on SIGTERM interrupts a running turn, stores it, and exits 0", async () => {
    const home = tempHome();
    const project = join(home, "..", "project");
    mkdirSync(project, { recursive: true });
    const fake = await startFakeAnthropic({ latencyMs: 40 });
    cleanups.push(() => fake.close());
    fake.enqueue(turn(text("a long streamed answer ".repeat(200))));
    const spawned = await spawnDaemon(home);
    // Registered first, so a failure anywhere below cannot leave a daemon running.
    cleanups.push(async () => {
      if (spawned.child.exitCode === null) spawned.child.kill("SIGKILL");
    });
    const conn = await connectWhenReady(spawned);
    const { session } = await conn.request("session/create", {
      cwd: project,
      env: { ANTHROPIC_API_KEY: "k", ANTHROPIC_BASE_URL: fake.url, PATH: process.env.PATH ?? "" },
    });
    const view = new SessionView(conn, session.id);
    const rec = new EventRecorder(view);
    await view.attach(0);
    await view.send("talk for a while");
    await rec.waitFor("assistant_text_delta");
    spawned.child.kill("SIGTERM");
    expect(await spawned.exited).toBe(0);
    // Restart: the interrupted turn and everything before it are there.
    const again = await spawnDaemon(home);
    cleanups.push(async () => {
      again.child.kill("SIGTERM");
      await again.exited;
    });
    const conn2 = await connectWhenReady(again);
    const info = await conn2.request("session/get", { sessionId: session.id });
    expect(info.session.lastSeq).toBeGreaterThanOrEqual(rec.events.at(-1)?.seq ?? 1);
    await conn2.close();
  });
});
