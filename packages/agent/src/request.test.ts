import type { MessageParam } from "@anthropic-ai/sdk/resources/messages/messages";
import { describe, expect, it } from "vitest";
import { buildRequest } from "./request.js";

const state = (messages: MessageParam[]) => ({
  model: "m",
  maxTokens: 100,
  systemPrompt: undefined,
  tools: [],
  messages,
});

describe("buildRequest", () => {
  it("omits empty system and tools", () => {
    const params = buildRequest(state([{ role: "user", content: "hi" }]));
    expect(params).toEqual({
      model: "m",
      max_tokens: 100,
      messages: [
        { role: "user", content: [{ type: "text", text: "hi", cache_control: { type: "ephemeral" } }] },
      ],
    });
  });

  it("puts the cache breakpoint on the last block of the last message without touching the history", () => {
    const history: MessageParam[] = [
      { role: "user", content: "a" },
      { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "X", input: {} }] },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "t1", content: "r" },
          { type: "text", text: "note" },
        ],
      },
    ];
    const snapshot = structuredClone(history);
    const params = buildRequest(state(history));
    expect(params.messages.at(-1)?.content).toEqual([
      { type: "tool_result", tool_use_id: "t1", content: "r" },
      { type: "text", text: "note", cache_control: { type: "ephemeral" } },
    ]);
    expect(params.messages[0]).toBe(history[0]);
    expect(history).toEqual(snapshot);
  });

  it("leaves a thinking block alone (it cannot carry cache_control)", () => {
    const history: MessageParam[] = [
      { role: "user", content: "a" },
      { role: "assistant", content: [{ type: "thinking", thinking: "hmm", signature: "s" }] },
    ];
    expect(buildRequest(state(history)).messages.at(-1)).toBe(history[1]);
  });
});
