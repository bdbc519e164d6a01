import { SessionView } from "@berth/client";
import type { DaemonNotice } from "@berth/protocol";
import { openStore } from "@berth/store";
import { text, turn, waitFor } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { EventRecorder, sessionEnv, startTestDaemon, type TestDaemon } from "./harness";

// Retention (settings, sweep at start, live sessions spared, notices), search, export, delete.

const DAY = 24 * 60 * 60 * 1000;
let t: TestDaemon | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** Seeds a session whose last activity was `daysAgo` days ago, with some events and messages. */
function seed(db: string, cwd: string, daysAgo: number, words: string): string {
  const store = openStore({ path: db, now: () => Date.now() - daysAgo * DAY });
  const id = store.createSession({ cwd, title: words }).id;
  for (let i = 0; i < 20; i++) store.appendEvent(id, "assistant_text_delta", { i });
  store.appendMessage(id, { role: "user", content: words });
  store.appendMessage(id, { role: "assistant", content: [{ type: "text", text: `about ${words}` }] });
  store.recordDecision({ sessionId: id, tool: "Bash", inputSummary: words, decision: "allow" });
  store.close();
  return id;
}

/** The start sweep runs once a client that allows it has arrived (that client gets its notice). */
async function sweptAtStart(daemon: TestDaemon) {
  const conn = await daemon.connect("first");
  await waitFor(() => daemon.daemon.store.listRetentionLog({ limit: 1 }).length > 0);
  return conn;
}

describe("retention", () => {
  it("sweeps at start with the managed period over the user's, and tells the next client", async () => {
    const ids: Record<string, string> = {};
    t = await startTestDaemon({
      userSettings: { cleanupPeriodDays: 10 },
      managedSettings: { cleanupPeriodDays: 5 },
      daemon: { retentionIntervalMs: 0 },
      beforeStart({ db, project }) {
        ids.old = seed(db, project, 20, "ancient aardvark");
        ids.week = seed(db, project, 7, "weekly walrus");
        ids.fresh = seed(db, project, 2, "fresh ferret");
      },
    });
    const conn = await sweptAtStart(t);
    const store = t.daemon.store;
    expect(store.getSession(ids.old as string)).toBeUndefined();
    expect(store.getSession(ids.week as string)).toBeUndefined(); // 7 > 5 (managed), though < 10 (user)
    expect(store.getSession(ids.fresh as string)).toBeDefined();
    expect(store.eventsAfter(ids.old as string, 0, 10)).toEqual([]);
    expect(store.searchMessages("aardvark", { limit: 5 })).toEqual([]);
    expect(store.listDecisions({ sessionId: ids.old as string, limit: 5 })).toEqual([]);
    const log = store.listRetentionLog({ limit: 1 })[0];
    expect(log).toMatchObject({ removedSessions: 2, removedEvents: 40 });
    expect(log?.details.ids).toEqual(expect.arrayContaining([ids.old, ids.week]));

    expect(conn.notices).toEqual([
      expect.objectContaining({
        code: "retention_sweep",
        message: expect.stringMatching(/removed 2 sessions .* 5 days/),
      }),
    ]);
    const status = await conn.request("history/retention", {});
    expect(status).toMatchObject({ cleanupPeriodDays: 5, problems: [] });
    expect(status.source).toMatch(/managed-settings\.json$/);
    expect(status.lastSweep).toMatchObject({ trigger: "start", removedSessions: 2, removedEvents: 40 });
    // Told once: the next client starts clean.
    expect((await t.connect()).notices).toEqual([]);
  });

  it("never takes a live session, lists what would go on a dry run, and prunes on request", async () => {
    let stale = "";
    let liveId = "";
    t = await startTestDaemon({
      userSettings: { cleanupPeriodDays: 3 },
      daemon: { retentionIntervalMs: 0 },
      beforeStart({ db, project }) {
        liveId = seed(db, project, 1, "live llama");
      },
    });
    await sweptAtStart(t);
    const conn = await t.connect();
    await conn.request("session/resume", { sessionId: liveId, env: sessionEnv(t.fake) });
    // Make both look 40 days idle behind the daemon's back (a second connection, as another process would).
    stale = t.daemon.store.createSession({ cwd: t.project, title: "stale" }).id;
    const past = openStore({ path: t.daemon.store.path, now: () => Date.now() - 40 * DAY });
    past.touch(liveId);
    past.touch(stale);
    past.close();

    const dry = await conn.request("history/prune", { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, count: 1, cleanupPeriodDays: 3, sweep: null });
    expect(dry.sessions.map((s) => s.id)).toEqual([stale]);
    const real = await conn.request("history/prune", {});
    expect(real.sweep).toMatchObject({ trigger: "manual", removedSessions: 1 });
    expect(t.daemon.store.getSession(stale)).toBeUndefined();
    expect(t.daemon.store.getSession(liveId)).toBeDefined();

    await conn.request("session/close", { sessionId: liveId });
    expect((await conn.request("history/prune", { dryRun: true })).sessions.map((s) => s.id)).toEqual([
      liveId,
    ]);
  });

  it("rejects cleanupPeriodDays 0 with a message naming the no-persistence options", async () => {
    t = await startTestDaemon({ userSettings: { cleanupPeriodDays: 0 }, daemon: { retentionIntervalMs: 0 } });
    const conn = await sweptAtStart(t);
    const status = await conn.request("history/retention", {});
    expect(status.cleanupPeriodDays).toBe(30);
    expect(status.problems.join("\n")).toMatch(/--no-session-persistence/);
    const warning = conn.notices.find((n: DaemonNotice) => n.code === "retention_settings");
    expect(warning?.message).toMatch(/CLAUDE_CODE_SKIP_PROMPT_HISTORY/);
  });
});

describe("search, export and delete", () => {
  it("finds messages by full text with snippets, optionally in one folder", async () => {
    t = await startTestDaemon({
      beforeStart({ db, project }) {
        seed(db, project, 1, "quokka habitat survey");
        seed(db, "/elsewhere", 1, "quokka population");
      },
    });
    const conn = await t.connect();
    const all = await conn.request("history/search", { query: "quokka" });
    expect(all.hits.length).toBeGreaterThanOrEqual(2);
    expect(all.hits[0]?.snippet).toMatch(/\[quokka\]/);
    const here = await conn.request("history/search", {
      query: "quok",
      cwd: t.project,
      highlight: ["<", ">"],
    });
    expect(here.hits.every((h) => h.cwd === t?.project)).toBe(true);
    expect(here.hits[0]?.snippet).toMatch(/<quokka>/);
    expect((await conn.request("history/search", { query: "NEAR( ** " })).hits).toEqual([]);
  });

  it("exports JSONL and Markdown in bounded chunks", async () => {
    let id = "";
    t = await startTestDaemon({
      beforeStart({ db, project }) {
        const store = openStore({ path: db });
        id = store.createSession({ cwd: project, title: "Export me" }).id;
        for (let i = 0; i < 300; i++) {
          store.appendMessage(id, {
            role: i % 2 ? "assistant" : "user",
            content: [{ type: "text", text: `line ${i} ${"x".repeat(40)}` }],
          });
        }
        store.appendMessage(id, {
          role: "assistant",
          content: [{ type: "tool_use", id: "toolu_1", name: "Bash", input: { command: "echo ```" } }],
        });
        store.close();
      },
    });
    const conn = await t.connect();
    const chunks: string[] = [];
    let cursor: string | undefined;
    do {
      const r = await conn.request("history/export", {
        sessionId: id,
        maxBytes: 4096,
        ...(cursor ? { cursor } : {}),
      });
      chunks.push(r.data);
      cursor = r.nextCursor ?? undefined;
    } while (cursor);
    expect(chunks.length).toBeGreaterThan(3);
    const lines = chunks
      .join("")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      type: "session",
      format: "berth.session.v1",
      id,
      title: "Export me",
      messageCount: 301,
    });
    expect(lines.slice(1).map((l) => l.idx)).toEqual(Array.from({ length: 301 }, (_, i) => i));
    expect(lines[1]).toMatchObject({
      type: "message",
      role: "user",
      content: [{ type: "text", text: expect.stringMatching(/^line 0/) }],
    });

    const md = await conn.request("history/export", {
      sessionId: id,
      format: "markdown",
      maxBytes: 2 * 1024 * 1024,
    });
    expect(md.nextCursor).toBeNull();
    expect(md.data).toMatch(/^# Export me\n/);
    expect(md.data).toContain("## User\n\nline 0");
    expect(md.data).toContain("**Tool call: Bash**");
    expect(md.data).toContain('````json\n{\n  "command": "echo ```"\n}\n````');
  });

  it("deletes one session, a folder's or all, sparing loaded sessions unless forced", async () => {
    const ids: string[] = [];
    t = await startTestDaemon({
      beforeStart({ db, project }) {
        ids.push(seed(db, project, 1, "one"), seed(db, project, 1, "two"), seed(db, "/other", 1, "three"));
      },
    });
    t.fake.enqueue(turn(text("hi")));
    const conn = await t.connect();
    const { session } = await conn.request("session/create", { cwd: t.project, env: sessionEnv(t.fake) });
    const view = new SessionView(conn, session.id);
    const rec = new EventRecorder(view);
    await view.attach(0);
    await view.send("hello");
    await rec.waitFor("turn_completed");

    await expect(conn.request("history/delete", { sessionId: session.id })).rejects.toThrow(
      /loaded in the daemon.*--force/,
    );
    await expect(conn.request("history/delete", {})).rejects.toThrow(/exactly one/);
    const one = await conn.request("history/delete", { sessionId: ids[0] as string });
    expect(one).toMatchObject({ removedSessions: 1, ids: [ids[0]], skipped: [] });
    await expect(conn.request("history/delete", { sessionId: ids[0] as string })).rejects.toThrow(
      /No stored session/,
    );

    const folder = await conn.request("history/delete", { cwd: t.project });
    expect(folder).toMatchObject({ removedSessions: 1, ids: [ids[1]], skipped: [{ sessionId: session.id }] });
    expect(t.daemon.store.getSession(ids[2] as string)).toBeDefined();

    const dropped = new Promise<void>((resolve) => view.once("dropped", () => resolve()));
    const forced = await conn.request("history/delete", { all: true, force: true });
    expect(forced.removedSessions).toBe(2);
    expect(t.daemon.store.listSessions({ limit: 10 }).sessions).toEqual([]);
    expect((await conn.request("daemon/status", {})).liveSessions).toBe(0);
    await dropped;
  });
});
