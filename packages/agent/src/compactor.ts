// Runs one compaction: asks the model for a summary of the older part of the conversation (a
// request of its own, never shown as the assistant's reply), then rebuilds the history from the
// summary and the kept turns. The loop decides when; this file does it.
import type { MessageParam, MessageStreamParams } from "@anthropic-ai/sdk/resources/messages/messages";
import type { SessionEvent } from "@berth/protocol";
import {
  type CompactionTrigger,
  chooseCut,
  estimateTokens,
  historyAfterCompaction,
  summaryRequestMessages,
} from "./compaction.js";
import { AgentError, classifyError, isAbortError } from "./errors.js";
import { runHooks } from "./hooks.js";
import { buildRequest } from "./request.js";
import type { AgentSessionOptions, AnyTool } from "./types.js";
import { normalizeUsage, priceUsage } from "./usage.js";

const SUMMARY_SYSTEM =
  "You are summarising a coding session between a user and an AI coding assistant so that the assistant can continue it. Be precise about files, commands and decisions.";
const SUMMARY_MAX_TOKENS = 8192;

export interface CompactionResult {
  history: MessageParam[];
  event: Extract<SessionEvent, { type: "compaction" }>;
}

export interface CompactRequest {
  trigger: CompactionTrigger;
  instructions?: string;
  turnId: string;
  signal: AbortSignal;
  /** Tokens in context before compacting (the last request's count, or an estimate). */
  preTokens: number;
  /** How many messages of the history are stored (stored index of the next message). */
  storedCount: number;
}

/** Returns undefined when there is nothing to compact (a conversation of one message). */
export async function compactHistory(
  options: AgentSessionOptions,
  tools: readonly AnyTool[],
  history: readonly MessageParam[],
  request: CompactRequest,
): Promise<CompactionResult | undefined> {
  const window = options.compaction?.windowTokens ?? 200_000;
  const cut = chooseCut(history, options.compaction?.keepTokens ?? Math.floor(window / 5));
  if (history.length < 2 || cut < 1) return undefined;
  const toSummarize = history.slice(0, cut);
  const kept = history.slice(cut);
  options.emit({
    type: "notice",
    level: "info",
    message: `Compacting the conversation: summarising ${cut} message${cut === 1 ? "" : "s"}, keeping ${kept.length}…`,
  });
  const params: MessageStreamParams = {
    ...buildRequest({
      model: options.model,
      maxTokens: SUMMARY_MAX_TOKENS,
      systemPrompt: SUMMARY_SYSTEM,
      // The API wants the tools that earlier tool_use blocks name; the summary itself calls none.
      tools,
      messages: summaryRequestMessages(toSummarize, request.instructions),
    }),
    ...(tools.length > 0 ? { tool_choice: { type: "none" } } : {}),
  };
  const started = (options.now ?? Date.now)();
  const message = await options.messages.stream(params, { signal: request.signal }).finalMessage();
  const usage = normalizeUsage(message.usage);
  const priced = priceUsage(options.cost, message.model || options.model, usage);
  options.emit({
    type: "usage",
    turnId: request.turnId,
    model: message.model || options.model,
    usage,
    ...priced,
    durationMs: Math.max(0, (options.now ?? Date.now)() - started),
  });
  const summary = message.content
    .flatMap((b) => (b.type === "text" ? [b.text] : []))
    .join("\n")
    .trim();
  if (!summary)
    throw new AgentError(
      "api_error",
      "The model returned an empty summary; the conversation was not compacted.",
    );
  const next = historyAfterCompaction(summary, kept);
  return {
    history: next,
    event: {
      type: "compaction",
      trigger: request.trigger,
      summary,
      keptFromIdx: request.storedCount - kept.length,
      preTokens: Math.max(request.preTokens, estimateTokens(history)),
      postTokens: estimateTokens(next),
      summarizedMessages: cut,
      keptMessages: kept.length,
    },
  };
}

/**
 * One compaction with its hooks: PreCompact before (told, it cannot block), PostCompact after
 * `apply` has taken the result (told what replaced the older messages; it cannot undo it).
 * False when there was nothing to compact, or an automatic compaction failed: that is reported
 * and is not the end of the turn, since the request may still fit.
 */
export async function compactWithHooks(
  options: AgentSessionOptions,
  tools: readonly AnyTool[],
  history: readonly MessageParam[],
  request: CompactRequest,
  apply: (result: CompactionResult) => void,
): Promise<boolean> {
  const { hooks, emit } = options;
  const { trigger, instructions, signal } = request;
  if (hooks) {
    const input = { trigger, custom_instructions: instructions ?? "" };
    await runHooks(hooks, emit, "PreCompact", trigger, input, signal);
  }
  let result: CompactionResult | undefined;
  try {
    result = await compactHistory(options, tools, history, request);
  } catch (error) {
    if (trigger === "manual" || signal.aborted || isAbortError(error)) throw error;
    const reason = classifyError(error).message;
    emit({ type: "notice", level: "warning", message: `Could not compact the conversation: ${reason}` });
    return false;
  }
  if (!result) return false;
  apply(result);
  emit(result.event);
  if (hooks) {
    const input = { trigger, compact_summary: result.event.summary ?? "" };
    await runHooks(hooks, emit, "PostCompact", trigger, input, signal);
  }
  return true;
}
