// PreToolUse and PostToolUse around one tool call, with the reference's semantics: exit code 2 or
// a `deny` blocks the call and tells the model why; `updatedInput` replaces the input (validated
// again by the caller); `allow`/`ask` travel to the gate, which may only use an `allow` to skip a
// prompt the defaults would have shown, never to beat a deny or ask rule.
import type { HookPermissionDecision } from "@berth/context";
import type { SessionEvent } from "@berth/protocol";
import { type AgentHooks, contextBlock, hookTextForModel, runHooks } from "./hooks.js";

export type PreToolHookResult =
  | { kind: "blocked"; message: string }
  | { kind: "stop"; reason: string }
  | {
      kind: "proceed";
      updatedInput?: Record<string, unknown>;
      permission?: { decision: HookPermissionDecision; reason: string };
      context?: string;
    };

interface ToolHookContext {
  hooks: AgentHooks;
  emit: (event: SessionEvent) => void;
  signal: AbortSignal;
}

export async function preToolUse(
  ctx: ToolHookContext,
  name: string,
  toolUseId: string,
  input: unknown,
): Promise<PreToolHookResult> {
  const outcome = await runHooks(
    ctx.hooks,
    ctx.emit,
    "PreToolUse",
    name,
    { tool_name: name, tool_input: input, tool_use_id: toolUseId },
    ctx.signal,
  );
  if (outcome.stop) return { kind: "stop", reason: outcome.stop.reason };
  if (outcome.block) {
    return {
      kind: "blocked",
      message: hookTextForModel(`Blocked by a PreToolUse hook: ${outcome.block.reason}`),
    };
  }
  const context = contextBlock("PreToolUse", outcome.context);
  return {
    kind: "proceed",
    ...(outcome.updatedInput ? { updatedInput: outcome.updatedInput } : {}),
    ...(outcome.permission ? { permission: outcome.permission } : {}),
    ...(context ? { context } : {}),
  };
}

export interface PostToolHookResult {
  /** Appended to the tool result the model reads. */
  feedback: string[];
  stop?: string;
}

export async function postToolUse(
  ctx: ToolHookContext,
  name: string,
  toolUseId: string,
  input: unknown,
  response: { content: string; isError: boolean },
): Promise<PostToolHookResult> {
  const event = response.isError ? "PostToolUseFailure" : "PostToolUse";
  const outcome = await runHooks(
    ctx.hooks,
    ctx.emit,
    event,
    name,
    {
      tool_name: name,
      tool_input: input,
      tool_use_id: toolUseId,
      ...(response.isError ? { error: response.content } : { tool_response: { content: response.content } }),
    },
    ctx.signal,
  );
  const feedback: string[] = [];
  if (outcome.block) feedback.push(hookTextForModel(`${event} hook feedback: ${outcome.block.reason}`));
  const context = contextBlock(event, outcome.context);
  if (context) feedback.push(context);
  return { feedback, ...(outcome.stop ? { stop: `Stopped by a hook: ${outcome.stop.reason}` } : {}) };
}
