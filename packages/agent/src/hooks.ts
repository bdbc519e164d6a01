// Hook points of the agent loop. The loop never starts a process: the daemon injects `AgentHooks`
// (backed by @berth/context's HookEngine) and the loop applies the documented meaning of each
// event's outcome. Everything a hook says to the model passes through `hookTextForModel`.
import type { HookEventName, HookOutcome } from "@berth/context";
import type { SessionEvent } from "@berth/protocol";

export interface AgentHooks {
  /**
   * Runs the hooks of one event. `matchValue` is what the event's matchers compare (the tool
   * name for tool events). Must not reject; failures come back as `userMessages`.
   */
  run(
    event: HookEventName,
    matchValue: string | undefined,
    input: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<HookOutcome>;
}

/**
 * The one path hook output takes into the conversation (tool results, prompt context, Stop
 * feedback). Kept as a single function so output redaction can be applied in one place.
 */
export function hookTextForModel(text: string): string {
  return text;
}

/** Shows the hooks' warnings and non-blocking errors to the user (never to the model). */
export function reportToUser(outcome: HookOutcome, emit: (event: SessionEvent) => void): void {
  for (const message of outcome.userMessages) emit({ type: "notice", level: "warning", message });
}

/** Runs hooks, turning a broken hook runner into a user-visible warning rather than a failed turn. */
export async function runHooks(
  hooks: AgentHooks,
  emit: (event: SessionEvent) => void,
  event: HookEventName,
  matchValue: string | undefined,
  input: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<HookOutcome> {
  try {
    const outcome = await hooks.run(event, matchValue, input, signal);
    reportToUser(outcome, emit);
    return outcome;
  } catch (error) {
    const message = `${event} hooks could not run: ${error instanceof Error ? error.message : String(error)}`;
    emit({ type: "notice", level: "warning", message });
    return { runs: [], context: [], userMessages: [message] };
  }
}

/** Additional context from hooks, as a block the model can tell apart from the user's words. */
export function contextBlock(event: HookEventName, context: readonly string[]): string | undefined {
  const text = context.filter((c) => c.trim().length > 0).join("\n\n");
  if (!text) return undefined;
  return hookTextForModel(`<${event}-hook-context>\n${text}\n</${event}-hook-context>`);
}
