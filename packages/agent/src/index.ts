// Public API of @berth/agent: the agent loop and the helpers the daemon needs around it.
export { AgentError, type AgentErrorCode, AgentErrorCodes, classifyError, isAbortError } from "./errors.js";
export {
  type CompactionSettings,
  type CompactionTrigger,
  historyAfterCompaction,
  SUMMARY_INSTRUCTIONS,
} from "./compaction.js";
export { AgentSession, INTERRUPT_NOTE } from "./loop.js";
export { messagesClientFrom, type StreamingModelClient } from "./provider-client.js";
export { buildRequest, DEFAULT_MAX_TOKENS } from "./request.js";
export { MAX_SUMMARY_CHARS, redactSecrets, summarizeToolInput } from "./summarize.js";
export { defaultSystemPrompt, type MemoryFile, type SystemPromptInput } from "./system-prompt.js";
export { INTERRUPTED_RESULT } from "./tool-dispatch.js";
export { type AgentHooks, hookTextForModel } from "./hooks.js";
export { MAX_STOP_HOOK_CONTINUATIONS } from "./turn-hooks.js";
export type {
  AgentSessionOptions,
  AnyTool,
  CostFunction,
  GateResult,
  MessageStreamLike,
  MessagesClient,
  PermissionDenial,
  PermissionGate,
  ToolCall,
  TurnError,
  TurnOutcome,
  TurnStatus,
} from "./types.js";
export { type ToolOutputRedaction, toolOutputRedaction } from "./output-redaction.js";
