import { SessionView } from "@berth/client";
import type { SessionEventNotification, SessionSnapshot } from "@berth/protocol";
import { text, toolUse, turn, waitFor } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { EventRecorder, sessionEnv, startTestDaemon, type TestDaemon } from "./harness";

// Live sessions outliving their clients: exact re-attach, late joiners (replay and snapshot),
// permission requests that wait for the next client.

let t: TestDaemon | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** A streamed answer long enough to disconnect in the middle of (1 ms between SSE events). */
const LONG = Array.from({ length: 120 }, (_, i) => `word${i} `).join("");

async function started(conn: Awaited<ReturnType<TestDaemon["connect"]>>, daemon: TestDaemon) {
  const { session } = await conn.request("session/create", {
    cwd: daemon.project,
    env: sessionEnv(daemon.fake),
  });
  const view = new SessionView(conn, session.id);
  const rec = new EventRecorder(view);
  await view.attach(0);
  return { session, view, rec };
}

function textOf(events: SessionEventNotification[]): string {
  return events.map((n) => (n.event.type === "assistant_text_delta" ? n.event.text : "")).join("");
}

function expectContiguous(seqs: number[], from: number, to: number) {
  expect(seqs).toEqual(Array.from({ length: to - from + 1 }, (_, i) => from + i));
}

describe("re-attach and replay", () => {
  it("gives a client that re-attaches with its last seq exactly the events it missed", async () => {
    t = await startTestDaemon({ fake: { latencyMs: 1, chunkSize: 4 } });
    t.fake.enqueue(turn(text(LONG)));
    const first = await t.connect("a");
    const { session, view, rec } = await started(first, t);
    await view.send("talk for a while");
    await waitFor(() => rec.events.filter((e) => e.event.type === "assistant_text_delta").length >= 10);
    await first.close(); // mid-stream: the turn goes on in the daemon
    const seenBefore = rec.events.length;
    const lastSeen = view.lastSeq;
    await new Promise((r) => setTimeout(r, 50)); // let it stream on unseen

    const second = await t.connect("a-again");
    await view.reattach(second);
    await rec.waitFor("turn_completed", 10_000);
    const stored = t.daemon.store.eventsAfter(session.id, 0, 1000);
    const seqs = rec.events.map((e) => e.seq);
    expectContiguous(seqs, 1, stored.at(-1)?.seq ?? 0);
    expect(rec.events.slice(seenBefore)[0]?.seq).toBe(lastSeen + 1);
    expect(rec.types()).toEqual(stored.map((e) => e.type));
    expect(textOf(rec.events)).toBe(LONG);
  });

  it("shows a late joiner the partial assistant message, then the rest", async () => {
    t = await startTestDaemon({ fake: { latencyMs: 1, chunkSize: 4 } });
    t.fake.enqueue(turn(text(LONG)));
    const a = await t.connect("a");
    const { session, view, rec } = await started(a, t);
    await view.send("stream please");
    await waitFor(() => rec.events.filter((e) => e.event.type === "assistant_text_delta").length >= 15);

    // Replay: the deltas so far arrive first, then the live ones.
    const b = await t.connect("b");
    const viewB = new SessionView(b, session.id);
    const recB = new EventRecorder(viewB);
    await viewB.attach(0);
    const replayedText = textOf(recB.events);
    expect(replayedText.length).toBeGreaterThan(0);
    expect(LONG.startsWith(replayedText)).toBe(true);

    // Snapshot: a client whose cursor is too old gets the partial text in one piece.
    const c = await t.connect("c");
    const viewC = new SessionView(c, session.id);
    const recC = new EventRecorder(viewC);
    const snapshots: SessionSnapshot[] = [];
    viewC.on("snapshot", (s: SessionSnapshot) => snapshots.push(s));
    const attached = await viewC.attach(0, { maxReplay: 5 });
    expect(attached.snapshot).not.toBeNull();
    expect(snapshots).toHaveLength(1);
    const snap = snapshots[0] as SessionSnapshot;
    expect(snap.reason).toMatch(/more than 5/);
    expect(snap.recentMessages.map((m) => m.role)).toEqual(["user"]);
    const partial = snap.partial?.text ?? "";
    expect(partial.length).toBeGreaterThan(0);
    expect(recC.events[0]?.seq ?? snap.seq + 1).toBe(snap.seq + 1);

    await rec.waitFor("turn_completed");
    await recB.waitFor("turn_completed");
    await recC.waitFor("turn_completed");
    expect(textOf(recB.events)).toBe(LONG);
    expect(partial + textOf(recC.events)).toBe(LONG);
    expect(recB.events.map((e) => e.seq)).toEqual(rec.events.map((e) => e.seq));
  });

  it("keeps a permission request through every client leaving, and shows it to the next one", async () => {
    t = await startTestDaemon();
    t.fake.enqueue(turn(toolUse("Bash", { command: "mkdir survived" })), turn(text("done")));
    const a = await t.connect("a");
    const { session, view, rec } = await started(a, t);
    await view.send("run it");
    const ask = await rec.waitFor("permission_request");
    await a.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(t.daemon.store.getSession(session.id)?.status).toBe("running");

    const b = await t.connect("b");
    const viewB = new SessionView(b, session.id);
    const recB = new EventRecorder(viewB);
    const attached = await viewB.attach(view.lastSeq);
    expect(attached.pendingPermissions.map((p) => p.requestId)).toEqual([ask.request.requestId]);
    expect(attached.session.status).toBe("waiting_permission");
    await viewB.respond(ask.request, "allow_once");
    await expect(viewB.respond(ask.request, "deny")).rejects.toThrow(/already answered/);
    const done = await recB.waitFor("turn_completed");
    expect(done.result).toBe("done");
    expect(t.daemon.store.getSession(session.id)?.status).toBe("idle");
  });

  it("drops a client that stops reading, keeps everyone else going, and lets it re-attach", async () => {
    // A backlog above 128 KiB that does not drain for 500 ms drops the client; the fast client's
    // short backlogs (this process also runs the daemon, so it reads in bursts) drain sooner.
    t = await startTestDaemon({
      fake: { chunkSize: 8, latencyMs: 1 },
      daemon: { clientBufferLimits: { softBytes: 128 * 1024, graceMs: 500 } },
    });
    const big = "lorem ipsum dolor sit amet ".repeat(1500); // ~40 KB → ~5,000 deltas over ~6 s
    t.fake.enqueue(turn(text(big)));
    const a = await t.connect("fast");
    const { session, view, rec } = await started(a, t);
    const fastDrops: string[] = [];
    view.on("dropped", (reason: string) => fastDrops.push(reason));
    const slow = await t.connect("slow");
    const slowView = new SessionView(slow, session.id);
    const slowRec = new EventRecorder(slowView);
    const drops: string[] = [];
    slowView.on("dropped", (reason: string) => drops.push(reason));
    await slowView.attach(0);
    // Stop reading from the daemon: its frames pile up in the kernel, then in the daemon.
    const socket = (slow as unknown as { ws: { socket: { pause(): void; resume(): void } } }).ws.socket;
    socket.pause();

    await view.send("flood");
    const done = await rec.waitFor("turn_completed", 20_000);
    expect(done.result).toBe(big);
    expect(textOf(rec.events)).toBe(big);
    expect(fastDrops).toEqual([]);

    socket.resume();
    await waitFor(() => drops.length > 0, { timeoutMs: 10_000 });
    expect(drops[0]).toMatch(/behind/);
    const before = slowRec.events.length;
    expect(before).toBeLessThan(rec.events.length);
    await slowView.attach(); // from its own last seq
    await slowRec.waitFor("turn_completed", 10_000);
    expectContiguous(
      slowRec.events.map((e) => e.seq),
      1,
      rec.events.at(-1)?.seq ?? 0,
    );
    expect(textOf(slowRec.events)).toBe(big);
  });

  it("answers Overloaded when a connection queues too many requests", async () => {
    t = await startTestDaemon();
    const conn = await t.connect();
    const results = await Promise.allSettled(
      Array.from({ length: 600 }, () => conn.request("session/list", { limit: 500 })),
    );
    const overloaded = results.filter(
      (r) => r.status === "rejected" && /Too many requests/.test(String((r.reason as Error).message)),
    );
    expect(overloaded.length).toBeGreaterThan(0);
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    // The connection is still usable afterwards.
    await expect(conn.request("daemon/status", {})).resolves.toMatchObject({ pid: process.pid });
  });
});
