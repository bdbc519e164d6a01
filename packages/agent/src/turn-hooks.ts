// UserPromptSubmit and Stop, per the reference: a prompt hook can block the prompt (erased; the
// reason goes to the user only) or add context for the model; a Stop hook can refuse to let the
// model stop, and its reason tells the model how to go on.
import type { ContentBlockParam, MessageParam } from "@anthropic-ai/sdk/resources/messages/messages";
import type { SessionEvent } from "@berth/protocol";
import { type AgentHooks, contextBlock, hookTextForModel, runHooks } from "./hooks.js";

/** A Stop hook that never lets go would loop forever; after this many refusals the turn ends. */
export const MAX_STOP_HOOK_CONTINUATIONS = 8;

export type PromptHookResult =
  | { kind: "blocked"; reason: string }
  | { kind: "proceed"; message: MessageParam };

export async function userPromptSubmit(
  hooks: AgentHooks,
  emit: (event: SessionEvent) => void,
  prompt: string,
  signal: AbortSignal,
): Promise<PromptHookResult> {
  const outcome = await runHooks(hooks, emit, "UserPromptSubmit", undefined, { prompt }, signal);
  const blocked = outcome.stop?.reason ?? outcome.block?.reason;
  if (blocked !== undefined) {
    emit({
      type: "notice",
      level: "warning",
      message: `Prompt blocked by a UserPromptSubmit hook: ${blocked}`,
    });
    return { kind: "blocked", reason: blocked };
  }
  const content: ContentBlockParam[] = [{ type: "text", text: prompt }];
  const context = contextBlock("UserPromptSubmit", outcome.context);
  if (context) content.push({ type: "text", text: context });
  return { kind: "proceed", message: { role: "user", content } };
}

export type StopHookResult = { kind: "stop" } | { kind: "continue"; message: MessageParam };

export async function stopHook(
  hooks: AgentHooks,
  emit: (event: SessionEvent) => void,
  lastAssistantMessage: string,
  continuations: number,
  signal: AbortSignal,
): Promise<StopHookResult> {
  const outcome = await runHooks(
    hooks,
    emit,
    "Stop",
    undefined,
    { stop_hook_active: continuations > 0, last_assistant_message: lastAssistantMessage },
    signal,
  );
  if (outcome.stop || !outcome.block) return { kind: "stop" };
  if (continuations >= MAX_STOP_HOOK_CONTINUATIONS) {
    emit({
      type: "notice",
      level: "warning",
      message: `A Stop hook kept the agent going ${continuations} times; stopping anyway.`,
    });
    return { kind: "stop" };
  }
  const text = hookTextForModel(`Stop hook feedback: ${outcome.block.reason}`);
  return { kind: "continue", message: { role: "user", content: [{ type: "text", text }] } };
}
