// Interrupts: the stream or the tool stops, the turn ends as interrupted, and the history stays
// valid, proved by running another turn against the fake API, which rejects dangling tool calls
// the way the real one does.
import { text, toolResults, toolUse, turn, waitFor } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { fakeTool, type Harness, startHarness } from "./test-support.js";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** A tool that runs until its signal fires, like a long command would. */
const blockingTool = fakeTool(
  "Block",
  (_input, ctx) =>
    new Promise((resolve) => {
      ctx.signal.addEventListener("abort", () => resolve({ content: "stopped", isError: true }), {
        once: true,
      });
    }),
);

async function expectNextTurnWorks(): Promise<void> {
  h.fake.enqueue(turn(text("Fresh start.")));
  const outcome = await h.session.runTurn("new request", "t2");
  expect(outcome).toMatchObject({ status: "completed", result: "Fresh start." });
  // The fake validates tool_use/tool_result pairing; a 400 here would have failed the turn.
  expect(h.fake.requests.at(-1)?.body?.messages?.at(-1)).toMatchObject({
    role: "user",
    content: [{ type: "text", text: "new request" }],
  });
}

describe("interrupt", () => {
  it("mid-stream: aborts the request and reports turn_interrupted", async () => {
    h = await startHarness({ fake: { latencyMs: 20, chunkSize: 2 } });
    h.fake.enqueue(turn(text("This is a long answer that streams slowly, two characters at a time.")));

    const running = h.session.runTurn("talk", "t1");
    await waitFor(() => h.of("assistant_text_delta").length >= 2);
    h.session.interrupt("user pressed Esc");
    const outcome = await running;

    expect(outcome).toMatchObject({ status: "interrupted", stopReason: "interrupted", numRequests: 1 });
    expect(h.of("turn_interrupted")).toEqual([
      { type: "turn_interrupted", turnId: "t1", reason: "user pressed Esc" },
    ]);
    expect(h.of("assistant_message")).toHaveLength(0);
    expect(h.of("turn_completed")).toHaveLength(0);
    // The half-streamed reply is not kept; the model is told the request was interrupted.
    expect(h.session.history).toEqual([
      { role: "user", content: [{ type: "text", text: "talk" }] },
      { role: "user", content: [{ type: "text", text: "[Request interrupted by user]" }] },
    ]);
    await waitFor(() => h.fake.inFlight === 0, { description: "the aborted stream to close" });
    await expectNextTurnWorks();
  });

  it("mid-tool: aborts the running tool and answers every call of the message", async () => {
    h = await startHarness({ tools: [blockingTool] });
    h.fake.enqueue(
      turn(toolUse("Block", { value: "1" }, "toolu_run"), toolUse("Block", { value: "2" }, "toolu_next")),
    );

    const running = h.session.runTurn("block", "t1");
    await waitFor(() => h.of("tool_use").length === 1);
    h.session.interrupt();
    const outcome = await running;

    expect(outcome.status).toBe("interrupted");
    expect(h.of("turn_interrupted")[0]?.reason).toBe("interrupted");
    expect(h.of("tool_result")).toMatchObject([
      { toolUseId: "toolu_run", isError: true, content: "Interrupted by user" },
    ]);
    expect(h.gateCalls).toHaveLength(1);
    await expectNextTurnWorks();
    const sent = h.fake.requests.at(-1)!;
    const results = sent.body?.messages?.[2];
    expect(results).toMatchObject({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "toolu_run", is_error: true, content: "Interrupted by user" },
        { type: "tool_result", tool_use_id: "toolu_next", is_error: true, content: "Interrupted by user" },
        { type: "text", text: "[Request interrupted by user]" },
      ],
    });
    expect(toolResults(sent)).toEqual([]);
  });

  it("while the gate waits for a human: the question is withdrawn and the tool never runs", async () => {
    let ran = false;
    const tool = fakeTool("Guarded", async () => {
      ran = true;
      return { content: "ran" };
    });
    h = await startHarness({
      tools: [tool],
      gate: (_call, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener("abort", () => reject(signal.reason), { once: true });
        }),
    });
    h.fake.enqueue(turn(toolUse("Guarded", { value: "x" })));

    const running = h.session.runTurn("go", "t1");
    await waitFor(() => h.gateCalls.length === 1);
    h.session.interrupt();
    expect((await running).status).toBe("interrupted");
    expect(ran).toBe(false);
    await expectNextTurnWorks();
  });

  it("is a no-op when no turn is running", async () => {
    h = await startHarness();
    h.session.interrupt();
    await expectNextTurnWorks();
  });
});
