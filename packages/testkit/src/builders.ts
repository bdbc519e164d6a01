// Terse constructors for script turns, so a test reads as a conversation:
//   fake.enqueue(turn(toolUse("Read", { file_path: "a.ts" })), turn(text("Done.")))
import type { ApiErrorType, ErrorTurn, ResponseTurn, ScriptContentBlock, StopReason } from "./schemas.js";

export function text(value: string): ScriptContentBlock {
  return { type: "text", text: value };
}

export function toolUse(name: string, input: Record<string, unknown>, id?: string): ScriptContentBlock {
  return id === undefined ? { type: "tool_use", name, input } : { type: "tool_use", id, name, input };
}

export function thinking(value: string, signature?: string): ScriptContentBlock {
  return signature === undefined
    ? { type: "thinking", thinking: value }
    : { type: "thinking", thinking: value, signature };
}

/** A response turn; stop_reason follows from the blocks (tool_use if any tool call, else end_turn). */
export function turn(...blocks: ScriptContentBlock[]): ResponseTurn {
  return { content: blocks };
}

/** A response turn with an explicit stop reason, e.g. `stopWith("max_tokens", text("Trunc"))`. */
export function stopWith(stopReason: StopReason, ...blocks: ScriptContentBlock[]): ResponseTurn {
  return { content: blocks, stop_reason: stopReason };
}

/** An HTTP error turn; type and message default to what the real API sends for that status. */
export function apiError(
  status: number,
  type?: ApiErrorType,
  message?: string,
  retryAfter?: number,
): ErrorTurn {
  const error: ErrorTurn["error"] = { status };
  if (type !== undefined) error.type = type;
  if (message !== undefined) error.message = message;
  if (retryAfter !== undefined) error.retryAfter = retryAfter;
  return { error };
}

/**
 * A server-side web search as the API reports it: the search call and its results (or an error
 * code), two blocks to spread into `turn(...)`.
 */
export function webSearch(
  query: string,
  results: { title: string; url: string }[] | { error_code: string },
  id = `srvtoolu_${query.replace(/[^a-zA-Z0-9]/g, "").slice(0, 16) || "search"}`,
): ScriptContentBlock[] {
  return [
    { type: "server_tool_use", id, name: "web_search", input: { query } },
    { type: "web_search_tool_result", tool_use_id: id, content: results },
  ];
}
