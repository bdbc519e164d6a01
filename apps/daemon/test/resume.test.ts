import { SessionView } from "@berth/client";
import { openStore } from "@berth/store";
import { text, turn } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { INTERRUPTED_BY_STOP } from "../src/sessions/crash-recovery";
import { EventRecorder, sessionEnv, startTestDaemon, type TestDaemon } from "./harness";

// Resume after a restart or a crash, fork, titles and paged transcripts, through the real daemon.

let t: TestDaemon | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

type Conn = Awaited<ReturnType<TestDaemon["connect"]>>;

async function runTurn(conn: Conn, sessionId: string, prompt: string, afterSeq = 0) {
  const view = new SessionView(conn, sessionId);
  const rec = new EventRecorder(view);
  await view.attach(afterSeq);
  await view.send(prompt);
  const done = await rec.next("turn_completed");
  await view.detach();
  return { done, rec, view };
}

describe("resume", () => {
  it("resumes a stored session after a daemon restart and continues the conversation", async () => {
    t = await startTestDaemon();
    t.fake.enqueue(turn(text("First answer.")), turn(text("Second answer.")));
    let conn = await t.connect();
    const { session } = await conn.request("session/create", { cwd: t.project, env: sessionEnv(t.fake) });
    await runTurn(conn, session.id, "first question");

    await t.restart();
    conn = await t.connect();
    const listed = await conn.request("session/list", { cwd: t.project, limit: 10 });
    const row = listed.sessions.find((s) => s.id === session.id);
    expect(row).toMatchObject({
      live: false,
      status: "idle",
      messageCount: 2,
      firstPrompt: "first question",
    });
    expect(row?.bytes).toBeGreaterThan(0);
    // Not live yet: attaching says how to load it.
    await expect(conn.request("session/attach", { sessionId: session.id })).rejects.toThrow(
      /resume it first/,
    );

    const resumed = await conn.request("session/resume", { sessionId: session.id, env: sessionEnv(t.fake) });
    expect(resumed.session).toMatchObject({ id: session.id, live: true, messageCount: 2 });
    // The transcript is drawn from paged messages, the log continues from its last seq.
    const page = await conn.request("session/messages", { sessionId: session.id, limit: 1 });
    expect(page).toMatchObject({ total: 2, fromIdx: 1, nextIdx: null });
    expect(page.messages[0]?.role).toBe("assistant");
    const { done } = await runTurn(conn, session.id, "second question", resumed.session.lastSeq);
    expect(done.result).toBe("Second answer.");
    const sent = t.fake.requests.at(-1)?.body as { messages: Array<{ role: string }> };
    expect(sent.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(t.daemon.store.sessionConsistency(session.id)).toEqual([]);
  });

  it("loads a stored session once even when two clients resume it at the same time", async () => {
    t = await startTestDaemon();
    const conn = await t.connect();
    const { session } = await conn.request("session/create", { cwd: t.project, env: sessionEnv(t.fake) });
    await conn.request("session/close", { sessionId: session.id });
    const other = await t.connect("other");
    const [a, b] = await Promise.all([
      conn.request("session/resume", { sessionId: session.id, env: sessionEnv(t.fake) }),
      other.request("session/resume", { sessionId: session.id, env: sessionEnv(t.fake) }),
    ]);
    expect(a.session.live && b.session.live).toBe(true);
    const started = t.daemon.store
      .eventsAfter(session.id, 0, 100)
      .filter((e) => e.type === "session_started");
    expect(started).toHaveLength(2); // one at create, one at the single resume
  });

  it("recovers a session whose turn was cut off mid-tool by a crash (dangling tool_use)", async () => {
    let sessionId = "";
    t = await startTestDaemon({
      beforeStart({ db, project }) {
        // What a crash mid-tool leaves: the assistant's tool call stored, no result, status running.
        const store = openStore({ path: db });
        const s = store.createSession({ cwd: project, model: "claude-sonnet-4-5", status: "running" });
        sessionId = s.id;
        store.appendEvent(s.id, "user_message", { type: "user_message", text: "list files", turnId: "t1" });
        store.appendEvent(s.id, "turn_started", { type: "turn_started", turnId: "t1" });
        store.appendMessage(s.id, { role: "user", content: [{ type: "text", text: "list files" }] });
        store.appendMessage(s.id, {
          role: "assistant",
          content: [{ type: "tool_use", id: "toolu_dangling", name: "Bash", input: { command: "ls" } }],
        });
        store.appendEvent(s.id, "tool_use", {
          type: "tool_use",
          turnId: "t1",
          toolUseId: "toolu_dangling",
          name: "Bash",
          input: { command: "ls" },
        });
        store.close();
      },
    });
    // At start the daemon marked it interrupted and closed the open turn in the log.
    expect(t.daemon.store.getSession(sessionId)?.status).toBe("interrupted");
    const tail = t.daemon.store.lastEvents(sessionId, 2).map((e) => e.payload);
    expect(tail).toEqual([
      { type: "status", status: "interrupted" },
      { type: "turn_interrupted", turnId: "t1", reason: INTERRUPTED_BY_STOP },
    ]);

    t.fake.enqueue(turn(text("Carrying on.")));
    const conn = await t.connect();
    const listed = await conn.request("session/get", { sessionId });
    expect(listed.session.status).toBe("interrupted");
    const resumed = await conn.request("session/resume", { sessionId, env: sessionEnv(t.fake) });
    const { done, rec } = await runTurn(conn, sessionId, "go on", resumed.session.lastSeq - 2);
    expect(done.result).toBe("Carrying on.");
    expect(rec.types()).toContain("notice");
    // The fake API rejects a tool_use without a tool_result, so this request succeeding proves the repair.
    const sent = t.fake.requests.at(-1)?.body as { messages: Array<{ role: string; content: unknown }> };
    expect(sent.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "user"]);
    expect(sent.messages[2]?.content).toEqual([
      expect.objectContaining({ type: "tool_result", tool_use_id: "toolu_dangling", is_error: true }),
    ]);
    expect(t.daemon.store.getSession(sessionId)?.status).toBe("idle");
    expect(t.daemon.store.sessionConsistency(sessionId)).toEqual([]);
  });
});

describe("fork, titles and paging", () => {
  it("forks a session from a given message and keeps the parent intact", async () => {
    t = await startTestDaemon();
    t.fake.enqueue(turn(text("one")), turn(text("two")), turn(text("forked reply")));
    const conn = await t.connect();
    const { session } = await conn.request("session/create", { cwd: t.project, env: sessionEnv(t.fake) });
    await runTurn(conn, session.id, "q1");
    await runTurn(conn, session.id, "q2");
    await conn.request("session/setTitle", { sessionId: session.id, title: "  Parent chat  " });

    const { session: fork } = await conn.request("session/fork", { sessionId: session.id, upToIdx: 1 });
    expect(fork).toMatchObject({
      parentId: session.id,
      messageCount: 2,
      title: "Parent chat (fork)",
      live: false,
    });
    await expect(conn.request("session/fork", { sessionId: session.id, upToIdx: 9 })).rejects.toThrow(
      /has 4 messages/,
    );

    const resumed = await conn.request("session/resume", { sessionId: fork.id, env: sessionEnv(t.fake) });
    await runTurn(conn, fork.id, "q2 again", resumed.session.lastSeq);
    const sent = t.fake.requests.at(-1)?.body as { messages: Array<{ content: unknown }> };
    expect(JSON.stringify(sent.messages)).not.toContain('q2"');
    expect((await conn.request("session/get", { sessionId: session.id })).session).toMatchObject({
      title: "Parent chat",
      messageCount: 4,
    });
    expect((await conn.request("session/get", { sessionId: fork.id })).session.messageCount).toBe(4);
  });

  it("pages a long transcript from the end without loading it all", async () => {
    let sessionId = "";
    t = await startTestDaemon({
      beforeStart({ db, project }) {
        const store = openStore({ path: db });
        sessionId = store.createSession({ cwd: project }).id;
        store.transaction(() => {
          for (let i = 0; i < 1200; i++) {
            store.appendMessage(sessionId, {
              role: i % 2 ? "assistant" : "user",
              content: [{ type: "text", text: `m${i}` }],
            });
          }
        });
        store.close();
      },
    });
    const conn = await t.connect();
    const last = await conn.request("session/messages", { sessionId, limit: 50 });
    expect(last).toMatchObject({ total: 1200, fromIdx: 1150, nextIdx: null });
    expect(last.messages.at(-1)?.content).toEqual([{ type: "text", text: "m1199" }]);
    const first = await conn.request("session/messages", { sessionId, fromIdx: 0, limit: 500 });
    expect(first.nextIdx).toBe(500);
    expect(first.messages).toHaveLength(500);
  });
});
