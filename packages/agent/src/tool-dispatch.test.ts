// The model's channel for failure: everything that goes wrong with a tool call comes back to the
// model as an is_error tool_result, and the turn carries on.
import { lastToolResult, text, toolUse, turn } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { echoTool, fakeTool, type Harness, startHarness } from "./test-support.js";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("tool dispatch", () => {
  it("a denial reaches the model as an error result and is recorded", async () => {
    h = await startHarness({
      tools: [echoTool],
      gate: async () => ({ behavior: "deny", message: "the user rejected Echo" }),
    });
    h.fake.enqueue(turn(toolUse("Echo", { value: "secret" }, "toolu_1")), turn(text("Understood.")));

    const outcome = await h.session.runTurn("echo it", "t1");

    expect(outcome).toMatchObject({ status: "completed", result: "Understood." });
    expect(outcome.permissionDenials).toEqual([
      { tool_name: "Echo", tool_use_id: "toolu_1", tool_input: { value: "secret" } },
    ]);
    expect(h.of("turn_completed")[0]?.permissionDenials).toEqual(outcome.permissionDenials);
    expect(lastToolResult(h.fake.requests[1]!)).toMatchObject({
      toolUseId: "toolu_1",
      isError: true,
      text: "Permission denied: the user rejected Echo",
    });
  });

  it("a denial with interrupt ends the turn, leaving the history answerable", async () => {
    h = await startHarness({
      tools: [echoTool],
      gate: async () => ({ behavior: "deny", message: "stop", interrupt: true }),
    });
    h.fake.enqueue(
      turn(toolUse("Echo", { value: "1" }, "toolu_1"), toolUse("Echo", { value: "2" }, "toolu_2")),
    );

    const outcome = await h.session.runTurn("go", "t1");

    expect(outcome.status).toBe("interrupted");
    expect(h.gateCalls).toHaveLength(1);
    expect(h.session.history.at(-1)?.content).toEqual([
      { type: "tool_result", tool_use_id: "toolu_1", content: "Permission denied: stop", is_error: true },
      { type: "tool_result", tool_use_id: "toolu_2", content: "Interrupted by user", is_error: true },
      { type: "text", text: "[Request interrupted by user]" },
    ]);
  });

  it("invalid input is an error result with the schema's complaint, and the gate is not asked", async () => {
    h = await startHarness({ tools: [echoTool] });
    h.fake.enqueue(turn(toolUse("Echo", { value: 42 }, "toolu_bad")), turn(text("Oops.")));

    await h.session.runTurn("go", "t1");

    expect(h.gateCalls).toHaveLength(0);
    const result = lastToolResult(h.fake.requests[1]!);
    expect(result?.isError).toBe(true);
    expect(result?.text).toMatch(/^Invalid input for Echo: value: /);
    expect(h.of("tool_result")[0]).toMatchObject({ toolUseId: "toolu_bad", isError: true });
  });

  it("an unknown tool is an error result naming the tools that exist", async () => {
    h = await startHarness({ tools: [echoTool] });
    h.fake.enqueue(turn(toolUse("Teleport", { to: "mars" }, "toolu_x")), turn(text("Never mind.")));

    const outcome = await h.session.runTurn("go", "t1");

    expect(outcome.status).toBe("completed");
    expect(h.gateCalls).toHaveLength(0);
    expect(lastToolResult(h.fake.requests[1]!)).toMatchObject({
      isError: true,
      text: "Unknown tool: Teleport. Available tools: Echo.",
    });
  });

  it("a tool that throws becomes an error result, not a failed turn", async () => {
    const broken = fakeTool("Broken", async () => {
      throw new Error("disk on fire");
    });
    h = await startHarness({ tools: [broken] });
    h.fake.enqueue(turn(toolUse("Broken", { value: "x" })), turn(text("I'll work around it.")));

    const outcome = await h.session.runTurn("go", "t1");

    expect(outcome).toMatchObject({ status: "completed", result: "I'll work around it." });
    expect(lastToolResult(h.fake.requests[1]!)).toMatchObject({
      isError: true,
      text: "Tool Broken failed: disk on fire",
    });
  });

  it("a tool's own error result passes through as is_error", async () => {
    const failing = fakeTool("Failing", async () => ({ content: "file not found", isError: true }));
    h = await startHarness({ tools: [failing] });
    h.fake.enqueue(turn(toolUse("Failing", { value: "x" })), turn(text("ok")));
    await h.session.runTurn("go", "t1");
    expect(lastToolResult(h.fake.requests[1]!)).toMatchObject({ isError: true, text: "file not found" });
  });

  it("runs the tool with the gate's edited input, validated again", async () => {
    h = await startHarness({
      tools: [echoTool],
      gate: async () => ({ behavior: "allow", input: { value: "edited" } }),
    });
    h.fake.enqueue(turn(toolUse("Echo", { value: "original" })), turn(text("ok")));
    await h.session.runTurn("go", "t1");
    expect(lastToolResult(h.fake.requests[1]!)?.text).toBe("echo: edited");
  });

  it("fails closed when the gate itself throws", async () => {
    let ran = false;
    const tool = fakeTool("Guarded", async () => {
      ran = true;
      return { content: "ran" };
    });
    h = await startHarness({
      tools: [tool],
      gate: async () => {
        throw new Error("policy store unavailable");
      },
    });
    h.fake.enqueue(turn(toolUse("Guarded", { value: "x" })), turn(text("ok")));
    const outcome = await h.session.runTurn("go", "t1");
    expect(outcome.status).toBe("completed");
    expect(ran).toBe(false);
    expect(lastToolResult(h.fake.requests[1]!)?.text).toBe(
      "Permission check failed, so Guarded was not run: policy store unavailable",
    );
  });

  it("streams tool output as tool_output_delta events", async () => {
    const chatty = fakeTool("Chatty", async (_input, ctx) => {
      ctx.onOutput?.("line 1\n");
      ctx.onOutput?.("line 2\n");
      return { content: "line 1\nline 2\n" };
    });
    h = await startHarness({ tools: [chatty] });
    h.fake.enqueue(turn(toolUse("Chatty", { value: "x" }, "toolu_c")), turn(text("ok")));
    await h.session.runTurn("go", "t1");
    expect(h.of("tool_output_delta")).toEqual([
      { type: "tool_output_delta", toolUseId: "toolu_c", chunk: "line 1\n" },
      { type: "tool_output_delta", toolUseId: "toolu_c", chunk: "line 2\n" },
    ]);
  });
});
