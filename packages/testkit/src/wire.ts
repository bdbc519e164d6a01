// Pure translation of a scripted turn into what the real Messages API puts on the wire: the full
// Message JSON (non-streaming) or the ordered list of server-sent events (streaming). Kept free of
// I/O so the exact event sequence can be unit-tested and reused by anything that needs it.
import { randomBytes } from "node:crypto";
import type { ResponseTurn, ScriptContentBlock, StopReason } from "./schemas.js";

export type WireContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> }
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "server_tool_use"; id: string; name: string; input: Record<string, unknown> }
  | { type: "web_search_tool_result"; tool_use_id: string; content: WireSearchContent };

export type WireSearchContent =
  | {
      type: "web_search_result";
      title: string;
      url: string;
      encrypted_content: string;
      page_age: string | null;
    }[]
  | { type: "web_search_tool_result_error"; error_code: string };

export interface WireUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  service_tier: "standard";
}

export interface WireMessage {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: WireContentBlock[];
  stop_reason: StopReason | null;
  stop_sequence: string | null;
  stop_details: null;
  container: null;
  usage: WireUsage;
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Ids shaped like the real ones (`msg_01…`, `toolu_01…`, `req_01…`): prefix, "01", 22 base62 chars. */
export function fakeId(prefix: "msg" | "toolu" | "srvtoolu" | "req"): string {
  const bytes = randomBytes(22);
  let tail = "";
  for (const byte of bytes) tail += BASE62[byte % 62];
  return `${prefix}_01${tail}`;
}

/** The rough "4 characters per token" rule: deterministic, and close enough for cost tests. */
export function estimateTokens(chars: number): number {
  return Math.max(1, Math.ceil(chars / 4));
}

function blockChars(block: WireContentBlock): number {
  if (block.type === "text") return block.text.length;
  if (block.type === "thinking") return block.thinking.length;
  if (block.type === "web_search_tool_result") return 0;
  return block.name.length + JSON.stringify(block.input).length;
}

export interface BuildMessageContext {
  model: string;
  /** Derived from the request size when the turn does not say. */
  inputTokens: number;
}

export function buildMessage(turn: ResponseTurn, context: BuildMessageContext): WireMessage {
  const content = turn.content.map(toWireBlock);
  const outputChars = content.reduce((sum, block) => sum + blockChars(block), 0);
  const stopReason: StopReason =
    turn.stop_reason ?? (content.some((block) => block.type === "tool_use") ? "tool_use" : "end_turn");
  return {
    id: fakeId("msg"),
    type: "message",
    role: "assistant",
    model: context.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    usage: {
      input_tokens: turn.usage?.input_tokens ?? context.inputTokens,
      output_tokens: turn.usage?.output_tokens ?? estimateTokens(outputChars),
      cache_creation_input_tokens: turn.usage?.cache_creation_input_tokens ?? 0,
      cache_read_input_tokens: turn.usage?.cache_read_input_tokens ?? 0,
      service_tier: "standard",
    },
  };
}

function toWireBlock(block: ScriptContentBlock): WireContentBlock {
  switch (block.type) {
    case "text":
      return { type: "text", text: block.text };
    case "tool_use":
      return { type: "tool_use", id: block.id ?? fakeId("toolu"), name: block.name, input: block.input };
    case "thinking":
      return { type: "thinking", thinking: block.thinking, signature: block.signature ?? "fake-signature" };
    case "server_tool_use":
      return {
        type: "server_tool_use",
        id: block.id ?? fakeId("srvtoolu"),
        name: block.name,
        input: block.input,
      };
    case "web_search_tool_result":
      return {
        type: "web_search_tool_result",
        tool_use_id: block.tool_use_id,
        content: Array.isArray(block.content)
          ? block.content.map((r) => ({
              type: "web_search_result" as const,
              title: r.title,
              url: r.url,
              encrypted_content: "fake-encrypted-content",
              page_age: r.page_age ?? null,
            }))
          : { type: "web_search_tool_result_error", error_code: block.content.error_code },
      };
  }
}

/** Splits by code points so a chunk boundary never cuts a surrogate pair in half. */
export function chunkText(text: string, chunkSize: number): string[] {
  const size = Math.max(1, Math.floor(chunkSize));
  const chars = Array.from(text);
  const chunks: string[] = [];
  for (let i = 0; i < chars.length; i += size) chunks.push(chars.slice(i, i + size).join(""));
  return chunks;
}

/**
 * Tool input arrives as arbitrary fragments of its JSON text (never valid JSON on their own), so
 * a client has to concatenate before parsing. At least three pieces whenever the JSON is long
 * enough, however big the chunk size, so that path is always exercised.
 */
export function chunkJson(json: string, chunkSize: number): string[] {
  const size = Math.max(1, Math.min(Math.floor(chunkSize), Math.ceil(json.length / 3)));
  return chunkText(json, size);
}

export interface StreamOptions {
  chunkSize: number;
  streamError?: { type: string; message: string } | undefined;
}

export function streamEvents(message: WireMessage, options: StreamOptions): SseEvent[] {
  const events: SseEvent[] = [];
  const push = (data: Record<string, unknown> & { type: string }) => events.push({ event: data.type, data });

  // The real API reports input usage up front and only a token or so of output until the end.
  push({
    type: "message_start",
    message: {
      ...message,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...message.usage, output_tokens: 1 },
    },
  });
  push({ type: "ping" });

  message.content.forEach((block, index) => {
    push({ type: "content_block_start", index, content_block: emptyBlock(block) });
    for (const delta of blockDeltas(block, options.chunkSize))
      push({ type: "content_block_delta", index, delta });
    push({ type: "content_block_stop", index });
  });

  if (options.streamError) {
    push({ type: "error", error: options.streamError });
    return events;
  }
  push({
    type: "message_delta",
    delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
    usage: {
      input_tokens: message.usage.input_tokens,
      output_tokens: message.usage.output_tokens,
      cache_creation_input_tokens: message.usage.cache_creation_input_tokens,
      cache_read_input_tokens: message.usage.cache_read_input_tokens,
    },
  });
  push({ type: "message_stop" });
  return events;
}

function emptyBlock(block: WireContentBlock): WireContentBlock {
  if (block.type === "text") return { type: "text", text: "" };
  if (block.type === "thinking") return { type: "thinking", thinking: "", signature: "" };
  // Search results arrive whole in content_block_start, with no deltas (as the real API sends them).
  if (block.type === "web_search_tool_result") return block;
  return { ...block, input: {} };
}

function blockDeltas(block: WireContentBlock, chunkSize: number): Record<string, unknown>[] {
  if (block.type === "text") {
    return chunkText(block.text, chunkSize).map((text) => ({ type: "text_delta", text }));
  }
  if (block.type === "thinking") {
    return [
      ...chunkText(block.thinking, chunkSize).map((thinking) => ({ type: "thinking_delta", thinking })),
      { type: "signature_delta", signature: block.signature },
    ];
  }
  if (block.type === "web_search_tool_result") return [];
  // The real API opens every tool input with an empty fragment; clients must cope with it.
  return ["", ...chunkJson(JSON.stringify(block.input), chunkSize)].map((partial_json) => ({
    type: "input_json_delta",
    partial_json,
  }));
}

/** One event in SSE framing, exactly as the API writes it. */
export function formatSse(event: SseEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
