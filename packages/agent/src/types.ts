// The public contract of the agent loop: what the daemon hands an AgentSession and what it gets
// back. The loop does no I/O of its own beyond the model client and the tools; persistence, seq
// numbers and fan-out to clients belong to whoever supplies `emit` and `onMessage`.
import type {
  Message,
  MessageParam,
  MessageStreamEvent,
  MessageStreamParams,
} from "@anthropic-ai/sdk/resources/messages/messages";
import type { SessionEvent, Usage } from "@berth/protocol";
import type { SecretRedactor } from "@berth/providers";
import type { ToolContext, ToolDefinition } from "@berth/tools";
import type { AgentHooks } from "./hooks.js";
import type { CompactionSettings } from "./compaction.js";

/** A tool of any input type; the loop validates input with the tool's own schema before use. */
export type AnyTool = ToolDefinition<unknown>;

/**
 * What the loop needs from a streaming response. The SDK's `MessageStream` satisfies it, and so
 * does anything a provider wraps around it (Bedrock, Vertex, a gateway).
 */
export interface MessageStreamLike extends AsyncIterable<MessageStreamEvent> {
  finalMessage(): Promise<Message>;
}

/**
 * Satisfied by `new Anthropic(...).messages`; a @berth/providers ModelClient fits as
 * `{ stream: (params, options) => modelClient.messagesStream(params, options) }`.
 */
export interface MessagesClient {
  stream(params: MessageStreamParams, options?: { signal?: AbortSignal }): MessageStreamLike;
}

export interface ToolCall {
  toolUseId: string;
  name: string;
  /** Already validated against the tool's schema. */
  input: unknown;
  turnId: string;
  /**
   * What PreToolUse hooks said. `allow` may only skip a prompt the defaults would have shown;
   * `ask` forces one. Neither ever overrides a deny or ask rule.
   */
  hookDecision?: { decision: "allow" | "ask" | "deny"; reason: string };
}

export type GateResult =
  /** `input` replaces the model's input when the gate (or the user) edited it. */
  | { behavior: "allow"; input?: unknown }
  /**
   * `message` is worded for the model, which sees it as an error tool result. `interrupt` also
   * ends the turn (the user said "no, and stop"), as Claude Code does.
   */
  | { behavior: "deny"; message: string; interrupt?: boolean };

/**
 * Decides whether a tool call may run. It may wait for a human for a long time; `signal` fires
 * when the turn is interrupted so a pending question can be withdrawn.
 */
export type PermissionGate = (call: ToolCall, signal: AbortSignal) => Promise<GateResult>;

/**
 * Prices one request. Either shape is accepted so @berth/providers' `costUsd` (which returns
 * `{ usd, priced, ... }`) can be passed as is.
 */
export type CostFunction = (
  model: string,
  usage: Usage,
) => { costUsd: number; priced: boolean } | { usd: number; priced: boolean };

export interface AgentSessionOptions {
  sessionId: string;
  cwd: string;
  model: string;
  messages: MessagesClient;
  tools: readonly AnyTool[];
  /**
   * Tools that come and go during the session (MCP servers), read before every model request.
   * It may wait (servers still starting), bounded by its own timeouts and by `signal`.
   */
  dynamicTools?: (signal: AbortSignal) => Promise<readonly AnyTool[]>;
  /** Extra system prompt parts that can change during the session (MCP server instructions), read after `dynamicTools`. */
  dynamicSystemPrompt?: () => readonly string[];
  /** The loop supplies `signal` and `onOutput` for each call. */
  toolContext: Omit<ToolContext, "signal" | "onOutput">;
  gate: PermissionGate;
  /** Every session event, in order; the daemon assigns seq numbers, persists and fans out. */
  emit: (event: SessionEvent) => void;
  /** Each complete conversation message as it joins the history, for persistence. */
  onMessage?: (message: MessageParam) => void;
  /** Prior conversation, for resume and fork (after a compaction: the summary and what follows). */
  history?: readonly MessageParam[];
  /** Messages already stored for this session (default: `history.length`). */
  storedMessages?: number;
  /** Context window and auto-compaction; without it the window is taken as 200k tokens. */
  compaction?: CompactionSettings;
  /** A function is called before every request, so reloaded memory files reach the model. */
  systemPrompt?: string | readonly string[] | (() => string | readonly string[]);
  /** Hook points (PreToolUse, PostToolUse, UserPromptSubmit, Stop), run by the daemon. */
  hooks?: AgentHooks;
  /** Default 16384. */
  maxTokens?: number;
  /** Model requests allowed per turn; the turn then stops with stopReason `max_turns`. */
  maxTurns?: number;
  /** A model stream silent this long mid-answer fails the turn with `stream_stalled` (default 2 min). */
  streamIdleTimeoutMs?: number;
  cost?: CostFunction;
  /**
   * Asked before every model request; a string refuses it (a spend limit was reached) and ends
   * the turn as failed with code `spend_limit` and that message.
   */
  beforeRequest?: () => string | undefined;
  now?: () => number;
  /** Masks the secrets the daemon holds in tool output before anyone sees it. */
  redactor?: SecretRedactor;
}

export type TurnStatus = "completed" | "interrupted" | "failed";

export interface PermissionDenial {
  tool_name: string;
  tool_use_id: string;
  tool_input: unknown;
}

export interface TurnError {
  code: string;
  message: string;
  retryable: boolean;
}

export interface TurnOutcome {
  status: TurnStatus;
  /** The final assistant text (text blocks of the last assistant message). */
  result: string;
  /** The model's last stop reason, `max_turns`, `interrupted`, or `error`. */
  stopReason: string;
  usage: Usage;
  costUsd: number;
  numRequests: number;
  durationMs: number;
  /** Time spent waiting on the model, a part of `durationMs`. */
  durationApiMs: number;
  permissionDenials: PermissionDenial[];
  error?: TurnError;
}
