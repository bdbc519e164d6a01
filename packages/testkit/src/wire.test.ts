import { describe, expect, it } from "vitest";
import { text, thinking, toolUse, turn } from "./builders.js";
import { buildMessage, chunkJson, chunkText, formatSse, streamEvents } from "./wire.js";

const context = { model: "claude-test", inputTokens: 42 };

describe("buildMessage", () => {
  it("derives stop_reason, ids and deterministic usage", () => {
    const message = buildMessage(turn(text("12345678"), toolUse("Read", { file_path: "a" })), context);
    expect(message.stop_reason).toBe("tool_use");
    expect(message.id).toMatch(/^msg_01[0-9A-Za-z]{22}$/);
    expect(message.content[1]).toMatchObject({ type: "tool_use", name: "Read", input: { file_path: "a" } });
    expect((message.content[1] as { id: string }).id).toMatch(/^toolu_01[0-9A-Za-z]{22}$/);
    // 8 text chars + "Read" + '{"file_path":"a"}' (17) = 29 chars -> ceil(29 / 4)
    expect(message.usage).toEqual({
      input_tokens: 42,
      output_tokens: 8,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      service_tier: "standard",
    });
    expect(buildMessage(turn(text("hi")), context).stop_reason).toBe("end_turn");
  });

  it("lets the turn override usage and stop_reason", () => {
    const message = buildMessage(
      {
        content: [text("x")],
        stop_reason: "max_tokens",
        usage: { output_tokens: 7, cache_read_input_tokens: 3 },
      },
      context,
    );
    expect(message.stop_reason).toBe("max_tokens");
    expect(message.usage).toMatchObject({ input_tokens: 42, output_tokens: 7, cache_read_input_tokens: 3 });
  });
});

describe("chunking", () => {
  it("splits text by code point", () => {
    expect(chunkText("abcdefg", 3)).toEqual(["abc", "def", "g"]);
    expect(chunkText("a😀b😀", 2)).toEqual(["a😀", "b😀"]);
    expect(chunkText("", 3)).toEqual([]);
  });

  it("splits JSON into at least three fragments", () => {
    const json = JSON.stringify({ command: "ls" });
    const pieces = chunkJson(json, 1000);
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    expect(pieces.join("")).toBe(json);
  });
});

describe("streamEvents", () => {
  it("produces the real event sequence", () => {
    const message = buildMessage(
      turn(thinking("hmm", "sig"), text("Hello!"), toolUse("Bash", { command: "ls -la" }, "toolu_1")),
      context,
    );
    const events = streamEvents(message, { chunkSize: 4 });
    expect(events.map((e) => e.event)).toEqual([
      "message_start",
      "ping",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      ...Array(6).fill("content_block_delta"),
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(events.every((e) => e.data.type === e.event)).toBe(true);
    const start = events[0]?.data.message as Record<string, unknown>;
    expect(start).toMatchObject({ content: [], stop_reason: null, stop_sequence: null, role: "assistant" });
    expect(events[10]?.data).toEqual({
      type: "content_block_start",
      index: 2,
      content_block: { type: "tool_use", id: "toolu_1", name: "Bash", input: {} },
    });
    const partials = events
      .filter((e) => (e.data.delta as { type?: string } | undefined)?.type === "input_json_delta")
      .map((e) => (e.data.delta as { partial_json: string }).partial_json);
    expect(partials[0]).toBe("");
    expect(partials.join("")).toBe('{"command":"ls -la"}');
    expect(events.at(-2)?.data).toMatchObject({ delta: { stop_reason: "tool_use", stop_sequence: null } });
  });

  it("ends with an error event instead of message_delta when asked", () => {
    const message = buildMessage(turn(text("partial")), context);
    const events = streamEvents(message, {
      chunkSize: 100,
      streamError: { type: "overloaded_error", message: "Overloaded" },
    });
    expect(events.at(-1)).toEqual({
      event: "error",
      data: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
    });
    expect(events.some((e) => e.event === "message_stop")).toBe(false);
  });

  it("frames events as SSE", () => {
    expect(formatSse({ event: "ping", data: { type: "ping" } })).toBe(
      'event: ping\ndata: {"type":"ping"}\n\n',
    );
  });
});
