import { mkdirSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { type BerthConnection, SessionView } from "@berth/client";
import type { SessionEventNotification } from "@berth/protocol";
import { openStore } from "@berth/store";
import { type FakeAnthropic, makeTempDir, startFakeAnthropic, text, turn, waitFor } from "@berth/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventRecorder, sessionEnv } from "./harness";
import { connectWhenReady, ensureBuilt, type SpawnedDaemon, spawnDaemon } from "./spawned";

// kill -9 of the real, built daemon in the middle of streaming turns, then a restart.

let fake: FakeAnthropic;
const dir = makeTempDir("berth-crash-");
const home = join(dir.path, "home");
const project = join(dir.path, "project");
const spawned: SpawnedDaemon[] = [];

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(project, { recursive: true });
  // 2 ms between SSE events: long enough to kill the daemon mid-stream.
  fake = await startFakeAnthropic({ latencyMs: 2, chunkSize: 4 });
}, 120_000);

afterAll(async () => {
  for (const d of spawned) d.child.kill("SIGKILL");
  // Wait for them to be gone: an open file keeps the test disk busy (umount, rm).
  await Promise.all(spawned.map((d) => d.exited));
  await fake.close();
  dir.cleanup();
});

const ANSWER = Array.from({ length: 400 }, (_, i) => `token${i}`).join(" ");

async function startStreaming(conn: BerthConnection, cwd: string) {
  const { session } = await conn.request("session/create", { cwd, env: sessionEnv(fake) });
  const view = new SessionView(conn, session.id);
  const rec = new EventRecorder(view);
  await view.attach(0);
  await view.send("stream a long answer");
  return { id: session.id, rec };
}

describe("kill -9 during streaming turns", () => {
  it("keeps every committed event, leaves a consistent store, and every session resumable", async () => {
    const first = await spawnDaemon(home);
    spawned.push(first);
    const conn = await connectWhenReady(first);
    fake.enqueue(turn(text(ANSWER)), turn(text(ANSWER)));
    const cwd = realpathSync(project);
    const a = await startStreaming(conn, cwd);
    const b = await startStreaming(conn, cwd);
    const deltas = (r: EventRecorder) =>
      r.events.filter((e) => e.event.type === "assistant_text_delta").length;
    await waitFor(() => deltas(a.rec) > 40 && deltas(b.rec) > 40, { timeoutMs: 15_000 });

    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    const seen = new Map<string, SessionEventNotification[]>([
      [a.id, [...a.rec.events]],
      [b.id, [...b.rec.events]],
    ]);

    // The file as the killed process left it, before any recovery.
    const store = openStore({ path: join(home, "berth.db") });
    try {
      expect(store.integrityCheck()).toEqual(["ok"]);
      for (const [id, events] of seen) {
        expect(store.sessionConsistency(id)).toEqual([]);
        expect(store.getSession(id)?.status).toBe("running");
        const stored = store.eventsAfter(id, 0, 1000);
        // Everything a client was sent had been committed first, and is there unchanged.
        for (const note of events) {
          const row = stored[note.seq - 1];
          expect(row?.seq).toBe(note.seq);
          expect(row?.payload).toEqual(note.event);
        }
        expect(stored.length).toBeGreaterThanOrEqual(events.length);
      }
    } finally {
      store.close();
    }

    const second = await spawnDaemon(home);
    spawned.push(second);
    const again = await connectWhenReady(second);
    fake.enqueue(turn(text("resumed fine")), turn(text("resumed fine")));
    for (const id of seen.keys()) {
      const { session } = await again.request("session/get", { sessionId: id });
      expect(session.status).toBe("interrupted");
      const resumed = await again.request("session/resume", { sessionId: id, env: sessionEnv(fake) });
      const view = new SessionView(again, id);
      const rec = new EventRecorder(view);
      await view.attach(resumed.session.lastSeq);
      await view.send("are you still there?");
      const done = await rec.waitFor("turn_completed", 15_000);
      expect(done.result).toBe("resumed fine");
    }
    // Each resumed conversation sent the stored history: the first question, then the new one
    // (the half-streamed answer was never a complete message, so it is not in the history).
    for (const request of fake.requests.slice(-2)) {
      const body = request.body as { messages: Array<{ role: string }> };
      expect(body.messages.map((m) => m.role)).toEqual(["user", "user"]);
    }
    await again.close();
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);

    const after = openStore({ path: join(home, "berth.db") });
    try {
      expect(after.integrityCheck()).toEqual(["ok"]);
      for (const id of seen.keys()) {
        expect(after.sessionConsistency(id)).toEqual([]);
        expect(after.getSession(id)?.status).toBe("idle");
        const types = after.eventsAfter(id, 0, 1000).map((e) => e.type);
        expect(types).toContain("turn_interrupted");
        expect(types.at(-2)).toBe("turn_completed");
      }
    } finally {
      after.close();
    }
  }, 60_000);
});
