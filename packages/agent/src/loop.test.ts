// The loop against the real SDK and the fake Messages API: what is emitted, what is sent back.
import { stopWith, text, toolResults, toolUse, turn } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { echoTool, type Harness, startHarness, typesOf } from "./test-support.js";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("a text-only turn", () => {
  it("streams deltas in order, then reports the message, the usage and the completed turn", async () => {
    h = await startHarness({ fake: { chunkSize: 4 }, cost: () => ({ costUsd: 0.25, priced: true }) });
    h.fake.enqueue(turn(text("Hello there, friend.")));

    const outcome = await h.session.runTurn("hi", "turn_1");

    expect(outcome).toMatchObject({
      status: "completed",
      result: "Hello there, friend.",
      stopReason: "end_turn",
    });
    expect(outcome.numRequests).toBe(1);
    expect(outcome.costUsd).toBe(0.25);
    expect(typesOf(h.events)).toEqual([
      "user_message",
      "turn_started",
      ...h.of("assistant_text_delta").map(() => "assistant_text_delta"),
      "assistant_message",
      "usage",
      "turn_completed",
    ]);
    const deltas = h.of("assistant_text_delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.text).join("")).toBe("Hello there, friend.");
    const [message] = h.of("assistant_message");
    expect(
      deltas.every((d) => d.messageId === message?.messageId && d.index === 0 && d.turnId === "turn_1"),
    ).toBe(true);
    expect(message?.stopReason).toBe("end_turn");
    expect(message?.content).toMatchObject([{ type: "text", text: "Hello there, friend." }]);
    const [usage] = h.of("usage");
    expect(usage).toMatchObject({ costUsd: 0.25, priced: true, model: "claude-test-1" });
    expect(usage?.usage.output_tokens).toBeGreaterThan(0);
    const [done] = h.of("turn_completed");
    expect(done).toMatchObject({
      turnId: "turn_1",
      stopReason: "end_turn",
      numRequests: 1,
      result: "Hello there, friend.",
    });
    expect(done?.usage).toEqual(outcome.usage);
    expect(outcome.durationApiMs).toBeLessThanOrEqual(outcome.durationMs);

    // The conversation is kept and reported for persistence.
    expect(h.session.history).toEqual([
      { role: "user", content: [{ type: "text", text: "hi" }] },
      { role: "assistant", content: [{ type: "text", text: "Hello there, friend." }] },
    ]);
    expect(h.persisted).toEqual(h.session.history);
  });

  it("sends the model, system prompt, tools and the user's text", async () => {
    h = await startHarness({
      tools: [echoTool],
      systemPrompt: ["You are a test.", "Be brief."],
      maxTokens: 1234,
    });
    h.fake.enqueue(turn(text("ok")));
    await h.session.runTurn("what is 2+2?", "t1");

    const body = h.fake.requests[0]?.body;
    expect(body).toMatchObject({ model: "claude-test-1", max_tokens: 1234, stream: true });
    expect(body?.system).toEqual([
      { type: "text", text: "You are a test." },
      { type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } },
    ]);
    expect(body?.tools).toEqual([
      { name: "Echo", description: "Test tool Echo.", input_schema: echoTool.jsonSchema },
    ]);
    expect(body?.messages).toEqual([
      {
        role: "user",
        content: [{ type: "text", text: "what is 2+2?", cache_control: { type: "ephemeral" } }],
      },
    ]);
    // The cache breakpoint is a property of the request, never written into the history.
    expect(JSON.stringify(h.session.history)).not.toContain("cache_control");
  });
});

describe("tool calls", () => {
  it("answers several tool_use blocks with one user message, results in the model's order", async () => {
    h = await startHarness({ tools: [echoTool] });
    h.fake.enqueue(
      turn(
        text("Running three."),
        toolUse("Echo", { value: "a" }, "toolu_a"),
        toolUse("Echo", { value: "b" }, "toolu_b"),
        toolUse("Echo", { value: "c" }, "toolu_c"),
      ),
      turn(text("All done.")),
    );

    const outcome = await h.session.runTurn("go", "t1");

    expect(outcome).toMatchObject({ status: "completed", result: "All done.", numRequests: 2 });
    const second = h.fake.requests[1]!;
    expect(toolResults(second)).toMatchObject([
      { toolUseId: "toolu_a", isError: false, text: "echo: a" },
      { toolUseId: "toolu_b", isError: false, text: "echo: b" },
      { toolUseId: "toolu_c", isError: false, text: "echo: c" },
    ]);
    // user, assistant(tool_use x3), user(tool_result x3): exactly one results message.
    expect(second.body?.messages?.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(h.of("tool_use").map((e) => e.toolUseId)).toEqual(["toolu_a", "toolu_b", "toolu_c"]);
    expect(h.of("tool_result").map((e) => [e.toolUseId, e.content, e.isError])).toEqual([
      ["toolu_a", "echo: a", false],
      ["toolu_b", "echo: b", false],
      ["toolu_c", "echo: c", false],
    ]);
    expect(h.gateCalls.map((c) => [c.toolUseId, c.name, c.input, c.turnId])).toEqual([
      ["toolu_a", "Echo", { value: "a" }, "t1"],
      ["toolu_b", "Echo", { value: "b" }, "t1"],
      ["toolu_c", "Echo", { value: "c" }, "t1"],
    ]);
    expect(h.persisted.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    // Each tool's events come in order: tool_use, then its tool_result, before the next call.
    const toolEvents = h.events.filter((e) => e.type === "tool_use" || e.type === "tool_result");
    expect(typesOf(toolEvents)).toEqual([
      "tool_use",
      "tool_result",
      "tool_use",
      "tool_result",
      "tool_use",
      "tool_result",
    ]);
  });
});

describe("limits", () => {
  it("stops after maxTurns model requests with stopReason max_turns and a consistent history", async () => {
    h = await startHarness({ tools: [echoTool], maxTurns: 2 });
    h.fake.enqueue(
      turn(toolUse("Echo", { value: "1" })),
      turn(toolUse("Echo", { value: "2" })),
      turn(text("never requested")),
    );

    const outcome = await h.session.runTurn("loop", "t1");

    expect(outcome).toMatchObject({ status: "completed", stopReason: "max_turns", numRequests: 2 });
    expect(h.fake.requests).toHaveLength(2);
    expect(h.of("turn_completed")[0]?.stopReason).toBe("max_turns");
    // The second call still ran and was answered, so the next turn can go on from here.
    expect(h.session.history.at(-1)?.role).toBe("user");
    h.fake.enqueue(turn(text("continuing")));
    const next = await h.session.runTurn("carry on", "t2");
    expect(next.status).toBe("completed");
    expect(h.fake.requests.at(-1)?.body?.messages).toHaveLength(6);
  });

  it("finishes a max_tokens reply with that stop reason, closing a cut-off tool call", async () => {
    h = await startHarness({ tools: [echoTool] });
    h.fake.enqueue(stopWith("max_tokens", text("Let me"), toolUse("Echo", { value: "x" }, "toolu_cut")));

    const outcome = await h.session.runTurn("go", "t1");

    expect(outcome).toMatchObject({ status: "completed", stopReason: "max_tokens", result: "Let me" });
    expect(h.gateCalls).toHaveLength(0);
    const last = h.session.history.at(-1);
    expect(last).toEqual({
      role: "user",
      content: [
        {
          type: "tool_result",
          tool_use_id: "toolu_cut",
          content: "Not run: the response was cut off before this tool call was complete.",
          is_error: true,
        },
      ],
    });
    h.fake.enqueue(turn(text("fine")));
    expect((await h.session.runTurn("again", "t2")).status).toBe("completed");
  });
});

describe("history", () => {
  it("sends a previous session's conversation before the new message", async () => {
    const previous = [
      { role: "user" as const, content: "My name is Ada." },
      { role: "assistant" as const, content: [{ type: "text" as const, text: "Hello Ada." }] },
    ];
    h = await startHarness({ history: previous });
    h.fake.enqueue(turn(text("Your name is Ada.")));

    await h.session.runTurn("What is my name?", "t1");

    const sent = h.fake.requests[0]?.body?.messages;
    expect(sent?.slice(0, 2)).toEqual(previous);
    expect(sent?.[2]).toMatchObject({ role: "user", content: [{ type: "text", text: "What is my name?" }] });
    // Prior messages are not re-reported for persistence; only the new ones are.
    expect(h.persisted).toHaveLength(2);
    expect(previous).toHaveLength(2);
  });

  it("answers a dangling tool call left in a resumed transcript before sending anything", async () => {
    const previous = [
      { role: "user" as const, content: "run it" },
      {
        role: "assistant" as const,
        content: [{ type: "tool_use" as const, id: "toolu_old", name: "Echo", input: { value: "x" } }],
      },
    ];
    h = await startHarness({ history: previous, tools: [echoTool] });
    h.fake.enqueue(turn(text("ok")));

    const outcome = await h.session.runTurn("hello again", "t1");

    expect(outcome.status).toBe("completed");
    const sent = h.fake.requests[0]?.body?.messages;
    expect(sent?.[2]).toMatchObject({
      role: "user",
      content: [{ type: "tool_result", tool_use_id: "toolu_old", is_error: true }],
    });
  });

  it("refuses a second turn while one is running, without emitting anything for it", async () => {
    h = await startHarness({ fake: { latencyMs: 30 } });
    h.fake.enqueue(turn(text("slow reply here")));
    const first = h.session.runTurn("one", "t1");
    const second = await h.session.runTurn("two", "t2");
    expect(second).toMatchObject({ status: "failed", error: { code: "turn_in_progress", retryable: true } });
    expect((await first).status).toBe("completed");
    expect(h.events.every((e) => !("turnId" in e) || e.turnId === "t1")).toBe(true);
  });
});

describe("timing", () => {
  it("counts model time in durationApiMs and the rest (a slow permission prompt) only in durationMs", async () => {
    h = await startHarness({
      tools: [echoTool],
      gate: async () => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return { behavior: "allow" };
      },
    });
    h.fake.enqueue(turn(toolUse("Echo", { value: "x" })), turn(text("done")));

    const outcome = await h.session.runTurn("go", "t1");

    expect(outcome.durationMs - outcome.durationApiMs).toBeGreaterThanOrEqual(140);
    const usageEvents = h.of("usage");
    expect(usageEvents).toHaveLength(2);
    const apiTotal = usageEvents.reduce((sum, e) => sum + e.durationMs, 0);
    expect(outcome.durationApiMs).toBe(apiTotal);
    expect(h.of("turn_completed")[0]).toMatchObject({
      durationMs: outcome.durationMs,
      durationApiMs: outcome.durationApiMs,
    });
  });
});
