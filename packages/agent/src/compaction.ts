// Compaction: when a conversation nears the model's context window, the older part is replaced
// by a summary the model writes, and the recent turns are kept as they are. Pure helpers: where
// to cut, what to ask for, and how the summary rejoins the kept messages. The loop runs them.
import type { ContentBlockParam, MessageParam } from "@anthropic-ai/sdk/resources/messages/messages";
import type { Usage } from "@berth/protocol";

export interface CompactionSettings {
  /** The model's context window, in tokens. */
  windowTokens: number;
  /** Compact on its own near the window (`autoCompactEnabled`); `/compact` works either way. */
  auto: boolean;
  /** Fraction of the window at which auto-compaction runs (default 0.9). */
  threshold?: number;
  /** Roughly how many tokens of recent turns to keep verbatim (default: a fifth of the window). */
  keepTokens?: number;
}

export type CompactionTrigger = "auto" | "manual";

/** How the summary is asked for; the model sees this after the part to summarise. */
export const SUMMARY_INSTRUCTIONS = [
  "The conversation above is being compacted to free space in the context window. Write a summary that lets",
  "you continue the work without it. Include, in this order:",
  "1. The user's requests and intent, in their own words where it matters.",
  "2. Key technical facts: files read or changed (with paths), commands run and their outcomes, decisions made and why.",
  "3. Errors met and how they were fixed; what the user corrected.",
  "4. Work still pending, and the exact next step you were about to take.",
  "Be specific and complete, but leave out chit-chat. Do not call tools. Answer with the summary only.",
].join("\n");

const SUMMARY_PREFIX =
  "This session continues an earlier conversation that was compacted to save context. Summary of the earlier part:\n\n";

/** Tokens the last request had in context (what the window limits). */
export function contextTokens(usage: Usage): number {
  return (
    usage.input_tokens +
    (usage.cache_creation_input_tokens ?? 0) +
    (usage.cache_read_input_tokens ?? 0) +
    usage.output_tokens
  );
}

/** A cheap estimate (4 characters a token) for messages the model has not counted yet. */
export function estimateTokens(messages: readonly MessageParam[]): number {
  let chars = 0;
  for (const m of messages)
    chars += typeof m.content === "string" ? m.content.length : JSON.stringify(m.content).length;
  return Math.ceil(chars / 4);
}

/**
 * Whether the next request would come near the context window (auto-compaction on). `lastContext`
 * is the last request's count (0 before one): what joined since (tool results) is estimated on
 * top of it; before any request (a resumed or forked transcript, just compacted), all of it is.
 */
export function nearWindow(
  settings: CompactionSettings | undefined,
  messages: readonly MessageParam[],
  lastContext: number,
): boolean {
  if (settings?.auto === false) return false;
  const window = settings?.windowTokens ?? 200_000;
  const lastReply = messages.findLastIndex((m) => m.role === "assistant");
  const tokens =
    lastContext > 0 ? lastContext + estimateTokens(messages.slice(lastReply + 1)) : estimateTokens(messages);
  return tokens >= (settings?.threshold ?? 0.9) * window;
}

/** A user message the user typed (not tool results): a turn starts there, so it is a safe cut. */
function startsTurn(message: MessageParam): boolean {
  if (message.role !== "user") return false;
  if (typeof message.content === "string") return true;
  return !message.content.some((b) => b.type === "tool_result");
}

/**
 * Where the kept part starts: the earliest turn start whose tail fits in `keepTokens`, never the
 * first message (something must be summarised). `messages.length` keeps nothing, e.g. when the
 * turn in progress alone is larger than that. A cut is only ever made before a turn start, so a
 * tool_use and its tool_result always stay on the same side.
 */
export function chooseCut(messages: readonly MessageParam[], keepTokens: number): number {
  let cut = messages.length;
  let tail = 0;
  for (let i = messages.length - 1; i >= 1; i--) {
    tail += estimateTokens([messages[i] as MessageParam]);
    if (tail > keepTokens) break;
    if (startsTurn(messages[i] as MessageParam)) cut = i;
  }
  return cut;
}

/** The part to summarise, ending with the instructions (joined to a final user message, if any). */
export function summaryRequestMessages(toSummarize: readonly MessageParam[], extra?: string): MessageParam[] {
  const text = extra?.trim() ? `${SUMMARY_INSTRUCTIONS}\n\nAlso: ${extra.trim()}` : SUMMARY_INSTRUCTIONS;
  const out = [...toSummarize];
  const last = out.at(-1);
  if (last?.role === "user") {
    out[out.length - 1] = { role: "user", content: [...blocks(last), { type: "text", text }] };
  } else {
    out.push({ role: "user", content: [{ type: "text", text }] });
  }
  return out;
}

/** The history after compaction: the summary, joined to the first kept message (a turn start). */
export function historyAfterCompaction(summary: string, kept: readonly MessageParam[]): MessageParam[] {
  const summaryBlock: ContentBlockParam = { type: "text", text: `${SUMMARY_PREFIX}${summary.trim()}` };
  const [first, ...rest] = kept;
  if (!first)
    return [
      { role: "user", content: [summaryBlock, { type: "text", text: "Continue from where you left off." }] },
    ];
  return [{ role: "user", content: [summaryBlock, ...blocks(first)] }, ...rest];
}

function blocks(message: MessageParam): ContentBlockParam[] {
  return typeof message.content === "string"
    ? [{ type: "text", text: message.content }]
    : [...message.content];
}
