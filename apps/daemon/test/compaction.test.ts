import { SUMMARY_INSTRUCTIONS } from "@berth/agent";
import {
  apiError,
  type CapturedMessage,
  type CapturedRequest,
  lastUserText,
  text,
  toolUse,
  waitFor,
} from "@berth/testkit";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  EventRecorder,
  openSession,
  SessionView,
  sessionEnv,
  startTestDaemon,
  type TestDaemon,
} from "./harness";

// Long sessions: near the context window the daemon summarises the older turns, keeps the recent
// ones, and continues; resume goes on from the summary; /compact and /clear on demand.

const WINDOW = 10_000;
let t: TestDaemon | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const isSummaryRequest = (r: CapturedRequest) => lastUserText(r).includes(SUMMARY_INSTRUCTIONS.slice(0, 60));
const textOf = (m: CapturedMessage) =>
  typeof m.content === "string"
    ? m.content
    : m.content.map((b) => (b.type === "text" ? b.text : "")).join("\n");

/** Every tool_result answers a tool_use of the message right before it: no pair was split. */
function pairsIntact(messages: CapturedMessage[]): boolean {
  return messages.every((m, i) => {
    if (typeof m.content === "string") return true;
    const results = m.content.filter((b) => b.type === "tool_result").map((b) => b.tool_use_id);
    if (results.length === 0) return true;
    const prev = messages[i - 1];
    const uses =
      prev && typeof prev.content !== "string"
        ? prev.content.filter((b) => b.type === "tool_use").map((b) => b.id)
        : [];
    return results.every((id) => uses.includes(id));
  });
}

/** Turn 1 reads a file; each reply reports `tokens` of context, so the test decides when the window fills. */
function responder(tokens: () => number) {
  return (request: CapturedRequest) => {
    if (isSummaryRequest(request))
      return { content: [text("SUMMARY: the user asked to read a.txt; it says hello.")] };
    const last = request.body?.messages?.at(-1);
    const answered =
      last && typeof last.content !== "string" && last.content.some((b) => b.type === "tool_result");
    const prompt = lastUserText(request);
    if (prompt.includes("read a.txt") && !answered)
      return {
        content: [toolUse("Read", { file_path: join(t?.project ?? "", "a.txt") })],
        usage: { input_tokens: 800 },
      };
    return { content: [text(`done: ${prompt.split("\n").at(-1)}`)], usage: { input_tokens: tokens() } };
  };
}

async function startWithSession(tokens: () => number, hooks?: object) {
  t = await startTestDaemon({ fake: { responder: responder(tokens) } });
  writeFileSync(join(t.project, "a.txt"), "hello\n");
  const conn = await t.connect();
  if (hooks) {
    mkdirSync(join(t.project, ".claude"), { recursive: true });
    writeFileSync(join(t.project, ".claude", "settings.json"), JSON.stringify({ hooks }));
    await conn.request("trust/set", { cwd: t.project, trusted: true });
  }
  const opened = await openSession(t, conn, {
    env: { ...sessionEnv(t.fake), CLAUDE_CODE_AUTO_COMPACT_WINDOW: String(WINDOW) },
    allowedTools: ["Read"],
  });
  return { conn, ...opened };
}

/** The `n`th compaction event (1-based), however soon it arrived. */
async function nthCompaction(rec: EventRecorder, n: number) {
  const all = () => rec.events.map((e) => e.event).filter((e) => e.type === "compaction");
  await waitFor(() => all().length >= n, { timeoutMs: 20_000, description: `compaction #${n}` });
  return all()[n - 1];
}

async function turn(view: SessionView, rec: EventRecorder, prompt: string) {
  const before = rec.events.filter((e) => e.event.type === "turn_completed").length;
  await view.send(prompt);
  for (;;) {
    await rec.next("turn_completed", 20_000);
    if (rec.events.filter((e) => e.event.type === "turn_completed").length > before) return;
  }
}

describe("compaction", () => {
  it("compacts near the window, keeps recent turns whole, and resume continues from the summary", async () => {
    let tokens = 1_000;
    const { conn, session, view, rec } = await startWithSession(() => tokens);
    await turn(view, rec, "turn 1: read a.txt");
    await turn(view, rec, "turn 2");
    tokens = 9_500; // the third reply says the context is nearly full
    await turn(view, rec, "turn 3");
    const requestsBefore = t!.fake.requests.length;
    await turn(view, rec, "turn 4");

    const compaction = await rec.waitFor("compaction");
    expect(compaction).toMatchObject({
      trigger: "auto",
      summarizedMessages: 4,
      keptMessages: 5,
      keptFromIdx: 4,
    });
    const [summaryReq, nextReq] = t!.fake.requests.slice(requestsBefore);
    expect(summaryReq && isSummaryRequest(summaryReq)).toBe(true);
    expect(summaryReq?.body?.tool_choice).toEqual({ type: "none" });
    // The part summarised: turn 1 (with its tool call and result) and its answer, plus the instructions.
    expect(summaryReq?.body?.messages).toHaveLength(5);
    const sent = nextReq?.body?.messages ?? [];
    expect(sent).toHaveLength(5); // summary + turn 2, its answer, turn 3, its answer... then turn 4
    expect(textOf(sent[0] as CapturedMessage)).toMatch(/SUMMARY: the user asked to read a\.txt[\s\S]*turn 2/);
    expect(textOf(sent.at(-1) as CapturedMessage)).toContain("turn 4");
    expect(pairsIntact(sent)).toBe(true);
    expect(JSON.stringify(sent)).not.toContain("tool_use");

    // The stored transcript keeps everything; resume after a restart goes on from the summary.
    expect(t!.daemon.store.messageCount(session.id)).toBe(10);
    await t!.restart();
    const conn2 = await t!.connect();
    await conn2.request("session/resume", {
      sessionId: session.id,
      env: { ...sessionEnv(t!.fake), CLAUDE_CODE_AUTO_COMPACT_WINDOW: String(WINDOW) },
    });
    tokens = 1_000;
    const view2 = new SessionView(conn2, session.id);
    const rec2 = new EventRecorder(view2);
    await view2.attach(0);
    await turn(view2, rec2, "turn 5");
    const resumed = t!.fake.requests.at(-1)?.body?.messages ?? [];
    expect(textOf(resumed[0] as CapturedMessage)).toMatch(/^This session continues[\s\S]*SUMMARY:/);
    expect(resumed).toHaveLength(7);
    void conn;
  }, 60_000);

  it("/compact with instructions, /clear, and a prompt-too-long answer compacts and retries once", async () => {
    let tokens = 500;
    const { conn, session, view, rec } = await startWithSession(() => tokens);
    await turn(view, rec, "turn 1: read a.txt");
    await turn(view, rec, "turn 2");
    await conn.request("session/compact", { sessionId: session.id, instructions: "keep the file names" });
    const manual = await nthCompaction(rec, 1);
    expect(manual).toMatchObject({ trigger: "manual", summarizedMessages: 4 });
    expect(lastUserText(t!.fake.requests.at(-1) as CapturedRequest)).toContain("Also: keep the file names");

    await conn.request("session/clear", { sessionId: session.id });
    expect(await nthCompaction(rec, 2)).toMatchObject({ trigger: "clear", summary: null });
    await turn(view, rec, "turn 3");
    expect(t!.fake.requests.at(-1)?.body?.messages).toHaveLength(1);

    // The API says the prompt no longer fits: compact, then the same request goes through.
    t!.fake.enqueue(
      apiError(400, "invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"),
    );
    tokens = 500;
    await turn(view, rec, "turn 4");
    expect(await nthCompaction(rec, 3)).toMatchObject({ trigger: "auto" });
    expect(rec.events.some((e) => e.event.type === "turn_failed")).toBe(false);
  }, 60_000);

  it("runs PreCompact and PostCompact hooks around a compaction, with the trigger and the summary", async () => {
    const save = (name: string) => [
      { hooks: [{ type: "command", command: `cat > "$CLAUDE_PROJECT_DIR/${name}"` }] },
    ];
    const { conn, session, view, rec } = await startWithSession(() => 500, {
      PreCompact: save("pre.json"),
      PostCompact: save("post.json"),
    });
    await turn(view, rec, "turn 1: read a.txt");
    await turn(view, rec, "turn 2");
    await conn.request("session/compact", { sessionId: session.id, instructions: "keep names" });
    await nthCompaction(rec, 1);
    const post = join(t!.project, "post.json");
    await waitFor(() => existsSync(post) && readFileSync(post, "utf8").length > 0, { timeoutMs: 20_000 });
    const pre = JSON.parse(readFileSync(join(t!.project, "pre.json"), "utf8"));
    expect(pre).toMatchObject({
      hook_event_name: "PreCompact",
      trigger: "manual",
      custom_instructions: "keep names",
    });
    expect(JSON.parse(readFileSync(post, "utf8"))).toMatchObject({
      hook_event_name: "PostCompact",
      trigger: "manual",
      compact_summary: expect.stringContaining("SUMMARY:"),
    });
  }, 60_000);
});
