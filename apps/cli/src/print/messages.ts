import { randomUUID } from "node:crypto";
import { type EventOf, type SessionEvent, SPEND_LIMIT_ERROR_CODE, type Usage } from "@berth/protocol";

/**
 * Print-mode output in the documented SDK message shapes (system/init first, assistant
 * and user messages, a final result). Pure: events in, JSON objects out.
 */
export interface ResultMessage {
  type: "result";
  subtype: "success" | "error_max_turns" | "error_during_execution" | "error_max_budget_usd";
  uuid: string;
  session_id: string;
  is_error: boolean;
  duration_ms: number;
  duration_api_ms: number;
  num_turns: number;
  result?: string;
  stop_reason: string | null;
  total_cost_usd: number;
  usage: Usage;
  permission_denials: Array<{ tool_name: string; tool_use_id: string; tool_input: unknown }>;
  errors?: string[];
}

export function initMessage(sessionId: string, event: EventOf<"session_started">, apiKeySource: string) {
  return {
    type: "system",
    subtype: "init",
    uuid: randomUUID(),
    session_id: sessionId,
    apiKeySource,
    cwd: event.cwd,
    tools: event.tools,
    mcp_servers: [] as Array<{ name: string; status: string }>,
    model: event.model,
    permissionMode: event.permissionMode,
    slash_commands: [] as string[],
    output_style: "default",
  };
}

export function toStreamMessages(sessionId: string, event: SessionEvent, partials: boolean): object[] {
  switch (event.type) {
    case "assistant_message":
      return [
        {
          type: "assistant",
          uuid: randomUUID(),
          session_id: sessionId,
          parent_tool_use_id: null,
          message: {
            id: event.messageId,
            type: "message",
            role: "assistant",
            model: event.model,
            content: event.content,
            stop_reason: event.stopReason,
            stop_sequence: null,
            usage: event.usage,
          },
        },
      ];
    case "tool_result":
      return [
        {
          type: "user",
          uuid: randomUUID(),
          session_id: sessionId,
          parent_tool_use_id: null,
          message: {
            role: "user",
            content: [
              {
                type: "tool_result",
                tool_use_id: event.toolUseId,
                content: event.content,
                is_error: event.isError,
              },
            ],
          },
        },
      ];
    case "compaction":
      // Reference §7: the documented boundary message; `/clear` is not a compaction there.
      if (event.trigger === "clear") return [];
      return [
        {
          type: "system",
          subtype: "compact_boundary",
          uuid: randomUUID(),
          session_id: sessionId,
          compact_metadata: { trigger: event.trigger, pre_tokens: event.preTokens },
        },
      ];
    case "assistant_text_delta":
      if (!partials) return [];
      return [
        {
          type: "stream_event",
          uuid: randomUUID(),
          session_id: sessionId,
          parent_tool_use_id: null,
          event: {
            type: "content_block_delta",
            index: event.index,
            delta: { type: "text_delta", text: event.text },
          },
        },
      ];
    default:
      return [];
  }
}

const ZERO_USAGE: Usage = {
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

export function resultMessage(
  sessionId: string,
  end: EventOf<"turn_completed"> | EventOf<"turn_failed"> | EventOf<"turn_interrupted">,
  startedAt: number,
): ResultMessage {
  const base = { type: "result" as const, uuid: randomUUID(), session_id: sessionId };
  if (end.type === "turn_completed") {
    const maxTurns = end.stopReason === "max_turns";
    return {
      ...base,
      subtype: maxTurns ? "error_max_turns" : "success",
      is_error: maxTurns,
      duration_ms: end.durationMs,
      duration_api_ms: end.durationApiMs,
      num_turns: end.numRequests,
      ...(maxTurns ? {} : { result: end.result }),
      stop_reason: end.stopReason,
      total_cost_usd: end.costUsd,
      usage: end.usage,
      permission_denials: end.permissionDenials,
    };
  }
  const message = end.type === "turn_failed" ? end.error.message : end.reason;
  const overBudget = end.type === "turn_failed" && end.error.code === SPEND_LIMIT_ERROR_CODE;
  return {
    ...base,
    subtype: overBudget ? "error_max_budget_usd" : "error_during_execution",
    is_error: true,
    duration_ms: Date.now() - startedAt,
    duration_api_ms: 0,
    num_turns: 0,
    stop_reason: null,
    total_cost_usd: 0,
    usage: ZERO_USAGE,
    permission_denials: [],
    errors: [message],
  };
}
