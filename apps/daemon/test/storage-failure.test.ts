import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BerthConnection, SessionView } from "@berth/client";
import type { DaemonNotice } from "@berth/protocol";
import { openStore } from "@berth/store";
import { type FakeAnthropic, lastUserText, startFakeAnthropic, text, turn, waitFor } from "@berth/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventRecorder, sessionEnv } from "./harness";
import { CLI_ENTRY, connectWhenReady, ensureBuilt, type SpawnedDaemon, spawnDaemon } from "./spawned";

// A read-only home and a full disk: a clear error for clients, nothing already stored lost.

const isRoot = process.getuid?.() === 0;
/** As root, file modes restrict nothing: act as `nobody` so read-only means read-only. */
const NOBODY = 65534;
const asUser = isRoot ? { uid: NOBODY, gid: NOBODY } : {};

let fake: FakeAnthropic;
const answers = new Map<string, string>();
const root = mkdtempSync(join(tmpdir(), "berth-storage-"));
const spawned: SpawnedDaemon[] = [];

beforeAll(async () => {
  ensureBuilt();
  chmodSync(root, 0o755);
  fake = await startFakeAnthropic({
    responder: (request) => turn(text(answers.get(lastUserText(request)) ?? "unexpected prompt")),
  });
}, 120_000);

afterAll(async () => {
  for (const d of spawned) d.child.kill("SIGKILL");
  // Wait for them to be gone: an open file keeps the test disk busy (umount, rm).
  await Promise.all(spawned.map((d) => d.exited));
  await fake.close();
  spawnSync("chmod", ["-R", "u+w", root]);
  spawnSync("umount", [join(root, "small")]);
  rmSync(root, { recursive: true, force: true });
});

function seedHome(home: string): string {
  const store = openStore({ path: join(home, "berth.db") });
  const id = store.createSession({ cwd: root, title: "kept safe" }).id;
  store.appendEvent(id, "user_message", { type: "user_message", text: "hello", turnId: "t" });
  store.appendMessage(id, { role: "user", content: "hello" });
  store.appendMessage(id, { role: "assistant", content: [{ type: "text", text: "hi there" }] });
  store.close();
  return id;
}

function setTree(path: string, fn: (p: string, isDir: boolean) => void) {
  const isDir = statSync(path).isDirectory();
  if (isDir) for (const entry of readdirSync(path)) setTree(join(path, entry), fn);
  fn(path, isDir);
}

describe("a read-only home", () => {
  it("makes the daemon and the CLI say so clearly, and changes nothing", async () => {
    const home = join(root, "ro-home");
    mkdirSync(home, { recursive: true });
    const id = seedHome(home);
    setTree(home, (p, isDir) => {
      if (isRoot) chownSync(p, NOBODY, NOBODY);
      chmodSync(p, isDir ? 0o555 : 0o444);
    });
    const before = statSync(join(home, "berth.db")).mtimeMs;

    const daemon = await spawnDaemon(home, asUser);
    spawned.push(daemon);
    expect(await daemon.exited).toBe(1);
    expect(daemon.stderr()).toMatch(new RegExp(`Berth home ${home} is not writable \\(EACCES\\)`));
    expect(daemon.stderr()).toMatch(/BERTH_HOME/);

    const cli = spawnSync(process.execPath, [CLI_ENTRY, "sessions", "--all"], {
      env: { PATH: process.env.PATH, BERTH_HOME: home, HOME: root },
      encoding: "utf8",
      timeout: 20_000,
      ...asUser,
    });
    expect(cli.status).not.toBe(0);
    expect(cli.stderr).toMatch(/not writable/);
    expect(cli.stderr).toContain(home);

    setTree(home, (p, isDir) => chmodSync(p, isDir ? 0o755 : 0o644));
    expect(statSync(join(home, "berth.db")).mtimeMs).toBe(before);
    const store = openStore({ path: join(home, "berth.db") });
    try {
      expect(store.integrityCheck()).toEqual(["ok"]);
      expect(store.getSession(id)).toMatchObject({ title: "kept safe", messageCount: 2 });
      expect(store.loadHistory(id)).toHaveLength(2);
    } finally {
      store.close();
    }
  }, 60_000);
});

/** A 3 MiB tmpfs (needs mount privileges; skipped where the test cannot mount). */
function smallDisk(): string | undefined {
  const dir = join(root, "small");
  mkdirSync(dir, { recursive: true });
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", dir]);
  return r.status === 0 ? dir : undefined;
}

function fillDisk(dir: string): string {
  const filler = join(dir, "filler");
  const fd = openSync(filler, "w");
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch {
    // ENOSPC: full
  }
  try {
    for (;;) writeSync(fd, chunk, 0, 512);
  } catch {
    // the last few blocks
  }
  closeSync(fd);
  return filler;
}

describe("a full disk", () => {
  const disk = isRoot ? smallDisk() : undefined;
  it.skipIf(!disk)(
    "reports StoreUnavailable to clients and keeps what was stored",
    async () => {
      const home = join(disk as string, "home");
      const daemon = await spawnDaemon(home);
      spawned.push(daemon);
      const conn: BerthConnection = await connectWhenReady(daemon);
      const notices: DaemonNotice[] = [];
      conn.onNotification("daemon/notice", (n) => notices.push(n));
      fake.enqueue(turn(text("stored before the disk filled")));
      // Replies by prompt, so a request the full disk stopped cannot shift the script.
      answers.set("a big answer please", "x".repeat(400_000));
      answers.set("and now?", "space again");
      const { session } = await conn.request("session/create", { cwd: root, env: sessionEnv(fake) });
      const view = new SessionView(conn, session.id);
      const rec = new EventRecorder(view);
      await view.attach(0);
      await view.send("first");
      await rec.waitFor("turn_completed");
      const storedSeq = rec.events.at(-1)?.seq ?? 0;

      const filler = fillDisk(disk as string);
      // The WAL may still have room for a small write, so push until the store refuses one.
      const failure = await view.send("a big answer please").then(
        () => waitFor(() => notices.find((n) => n.code === "store_unavailable"), { timeoutMs: 15_000 }),
        (error: Error) => error,
      );
      expect(failure.message).toMatch(/disk .* is full/);
      expect(failure.message).toMatch(/berth\.db/);

      rmSync(filler);
      await view.send("and now?");
      const done = await rec.next("turn_completed", 15_000);
      expect(done.result).toBe("space again");
      await conn.close();
      daemon.child.kill("SIGTERM");
      await daemon.exited;

      const store = openStore({ path: join(home, "berth.db") });
      try {
        expect(store.integrityCheck()).toEqual(["ok"]);
        expect(store.sessionConsistency(session.id)).toEqual([]);
        const events = store.eventsAfter(session.id, 0, 1000);
        expect(events.slice(0, storedSeq).map((e) => e.seq)).toEqual(
          Array.from({ length: storedSeq }, (_, i) => i + 1),
        );
        const history = store.loadHistory(session.id);
        expect(history[1]).toEqual({
          role: "assistant",
          content: [{ type: "text", text: "stored before the disk filled" }],
        });
      } finally {
        store.close();
      }
    },
    60_000,
  );
});
