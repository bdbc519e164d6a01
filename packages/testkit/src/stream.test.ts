// The fake against the real SDK: if the SDK can reassemble what the fake sends, the wire format is right.
import Anthropic, { type APIError } from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { text, thinking, toolUse, turn } from "./builders.js";
import { lastToolResult, systemText } from "./captured.js";
import { type FakeAnthropic, type FakeAnthropicOptions, startFakeAnthropic } from "./server.js";

let fake: FakeAnthropic;
afterEach(async () => {
  await fake?.close();
});

async function start(options: FakeAnthropicOptions = {}) {
  fake = await startFakeAnthropic(options);
  return new Anthropic({ baseURL: fake.url, apiKey: "test-key", maxRetries: 0 });
}

const params = {
  model: "claude-test-model",
  max_tokens: 1024,
  messages: [{ role: "user" as const, content: "Hi" }],
};

describe("streaming", () => {
  it("streams text that finalMessage() reassembles", async () => {
    const client = await start({
      script: [turn(text("Hello from the fake model, streamed in pieces."))],
      chunkSize: 5,
    });
    const stream = client.messages.stream(params);
    const deltas: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));
    const message = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(5);
    expect(message.content).toEqual([
      { type: "text", text: "Hello from the fake model, streamed in pieces." },
    ]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.model).toBe("claude-test-model");
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBe(12);
  });

  it("assembles tool_use input from split input_json_delta", async () => {
    const input = {
      command: "grep -rn 'needle' src/",
      timeout: 120000,
      nested: { list: [1, 2, 3], flag: true },
    };
    const client = await start({
      script: [turn(text("Let me look."), toolUse("Bash", input, "toolu_fixed"))],
    });
    const stream = client.messages.stream(params);
    const fragments: string[] = [];
    stream.on("inputJson", (partial) => fragments.push(partial));
    const message = await stream.finalMessage();
    expect(fragments.filter((f) => f !== "").length).toBeGreaterThanOrEqual(3);
    expect(message.stop_reason).toBe("tool_use");
    expect(message.content[1]).toEqual({ type: "tool_use", id: "toolu_fixed", name: "Bash", input });
  });

  it("streams several blocks, including thinking, with generated tool ids", async () => {
    const client = await start({
      script: [
        turn(
          thinking("Plan: read both.", "sig-1"),
          toolUse("Read", { file_path: "a.ts" }),
          toolUse("Read", { file_path: "b.ts" }),
        ),
      ],
    });
    const message = await client.messages.stream(params).finalMessage();
    expect(message.content.map((b) => b.type)).toEqual(["thinking", "tool_use", "tool_use"]);
    expect(message.content[0]).toMatchObject({ thinking: "Plan: read both.", signature: "sig-1" });
    const ids = message.content.flatMap((b) => (b.type === "tool_use" ? [b.id] : []));
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^toolu_/);
  });

  it("spreads events over time with latencyMs", async () => {
    const client = await start({ script: [turn(text("abcdefghij"))], chunkSize: 2, latencyMs: 20 });
    const started = Date.now();
    await client.messages.stream(params).finalMessage();
    // 5 text deltas plus 6 framing events after the first, 20 ms apart.
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it("surfaces a mid-stream error event as an APIError", async () => {
    const client = await start({
      script: [
        { content: [text("partial")], streamError: { type: "overloaded_error", message: "Overloaded" } },
      ],
    });
    const error = await client.messages
      .stream(params)
      .finalMessage()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as APIError).type).toBe("overloaded_error");
  });
});

describe("non-streaming", () => {
  it("returns the full Message JSON", async () => {
    const client = await start({
      script: [turn(text("Done."), toolUse("Write", { file_path: "x", content: "y" }))],
    });
    const response = await client.messages.create(params).withResponse();
    expect(response.data).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-test-model",
      stop_reason: "tool_use",
      content: [
        { type: "text", text: "Done." },
        { type: "tool_use", name: "Write", input: { file_path: "x", content: "y" } },
      ],
    });
    expect(response.request_id).toMatch(/^req_/);
    expect(response.response.headers.get("content-type")).toBe("application/json");
  });

  it("reports the configured model instead of echoing", async () => {
    const client = await start({ script: [turn(text("ok"))], model: "claude-fake-1" });
    expect((await client.messages.create(params)).model).toBe("claude-fake-1");
  });

  it("counts tokens", async () => {
    const client = await start();
    const counted = await client.messages.countTokens({ model: params.model, messages: params.messages });
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(fake.remaining).toBe(0);
  });
});

describe("captured requests", () => {
  it("records method, path, lowercased headers and the parsed body", async () => {
    const client = await start({
      script: [turn(toolUse("Read", { file_path: "a.ts" }, "toolu_a")), turn(text("It says hi."))],
    });
    const tools = [
      { name: "Read", description: "Read a file", input_schema: { type: "object" as const, properties: {} } },
    ];
    const first = await client.messages.create({ ...params, system: "You are Berth.", tools });
    const toolUseBlock = first.content[0] as Anthropic.ToolUseBlock;
    await client.messages.create({
      ...params,
      system: [{ type: "text", text: "You are Berth." }],
      tools,
      messages: [
        ...params.messages,
        { role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: toolUseBlock.id, content: "hi" }] },
      ],
    });

    expect(fake.requests).toHaveLength(2);
    const [one, two] = fake.requests;
    expect(one).toMatchObject({ method: "POST", path: "/v1/messages" });
    // SDK versions differ in which header carries the key; the fake accepts both.
    const credential = one?.headers["x-api-key"] ?? one?.headers.authorization?.replace("Bearer ", "");
    expect(credential).toBe("test-key");
    expect(one?.headers["anthropic-version"]).toBeTruthy();
    expect(one?.body?.tools?.[0]?.name).toBe("Read");
    expect(one && systemText(one)).toBe("You are Berth.");
    expect(two && systemText(two)).toBe("You are Berth.");
    expect(two && lastToolResult(two)).toEqual({
      toolUseId: "toolu_a",
      isError: false,
      text: "hi",
      content: "hi",
    });
    expect(one?.requestId).not.toBe(two?.requestId);
  });
});
