// One tool call from the model, start to finish: announce it, validate the input, ask the gate,
// run the tool, report the result. Everything that goes wrong here is the model's to work around
// (an is_error tool_result it reads and reacts to) — unknown tool, bad input, a denial, a tool
// that throws — never a failed turn. The one exception is an interrupt, which ends the turn.
import type { ToolResultBlockParam, ToolUseBlock } from "@anthropic-ai/sdk/resources/messages/messages";
import type { SessionEvent } from "@berth/protocol";
import { mark } from "@berth/protocol/timings";
import type { SecretRedactor } from "@berth/providers";
import { parseToolInput, type ToolContext } from "@berth/tools";
import type { AgentHooks } from "./hooks.js";
import { toolOutputRedaction } from "./output-redaction.js";
import { postToolUse, preToolUse } from "./tool-hooks.js";
import type { AnyTool, PermissionDenial, PermissionGate } from "./types.js";

export const INTERRUPTED_RESULT = "Interrupted by user";

export interface DispatchContext {
  turnId: string;
  tools: ReadonlyMap<string, AnyTool>;
  toolContext: Omit<ToolContext, "signal" | "onOutput">;
  gate: PermissionGate;
  emit: (event: SessionEvent) => void;
  signal: AbortSignal;
  hooks?: AgentHooks;
  /** Masks the secrets the daemon holds in everything a tool returns. */
  redactor?: SecretRedactor | undefined;
}

export interface DispatchOutcome {
  result: ToolResultBlockParam;
  denial?: PermissionDenial;
  /**
   * Set when the turn must end after this call: the user interrupted, or denied with
   * "interrupt". The text is the reason reported in `turn_interrupted`.
   */
  stop?: string;
}

export async function dispatchToolUse(block: ToolUseBlock, ctx: DispatchContext): Promise<DispatchOutcome> {
  const { turnId, emit, signal } = ctx;
  const { id: toolUseId, name } = block;
  mark("tool.start", name);
  emit({ type: "tool_use", turnId, toolUseId, name, input: block.input });
  const redaction = toolOutputRedaction(ctx.redactor, name, emit);

  const finish = (raw: string, isError: boolean, rawDisplay?: unknown, extra?: Partial<DispatchOutcome>) => {
    const tail = redaction.flush();
    if (tail) emit({ type: "tool_output_delta", toolUseId, chunk: tail });
    const { content, display } = redaction.result(raw, rawDisplay);
    redaction.warn();
    // The API rejects an empty error result, and an empty success tells the model nothing.
    const text = content.length > 0 ? content : "(no output)";
    emit({
      type: "tool_result",
      turnId,
      toolUseId,
      name,
      content: text,
      isError,
      ...(display === undefined ? {} : { display }),
    });
    const result: ToolResultBlockParam = { type: "tool_result", tool_use_id: toolUseId, content: text };
    if (isError) result.is_error = true;
    mark("tool.reported", name);
    return { result, ...extra };
  };
  const interrupted = () => finish(INTERRUPTED_RESULT, true, undefined, { stop: interruptReason(signal) });

  const tool = ctx.tools.get(name);
  if (!tool) {
    const known = [...ctx.tools.keys()].join(", ") || "none";
    return finish(`Unknown tool: ${name}. Available tools: ${known}.`, true);
  }

  const parsed = parseToolInput(tool, block.input);
  if (!parsed.ok) return finish(parsed.message, true);

  let input = parsed.input;
  const hookCtx = ctx.hooks ? { hooks: ctx.hooks, emit, signal } : undefined;
  const pre = hookCtx ? await preToolUse(hookCtx, name, toolUseId, input) : undefined;
  if (signal.aborted) return interrupted();
  if (pre?.kind === "stop") return finish(`Not run: ${pre.reason}`, true, undefined, { stop: pre.reason });
  if (pre?.kind === "blocked") {
    const denial: PermissionDenial = { tool_name: name, tool_use_id: toolUseId, tool_input: input };
    return finish(pre.message, true, undefined, { denial });
  }
  if (pre?.updatedInput !== undefined) {
    // A hook rewrote the call; the rewrite must satisfy the schema and goes through the gate.
    const rewritten = parseToolInput(tool, pre.updatedInput);
    if (!rewritten.ok) return finish(`A PreToolUse hook rewrote the input badly: ${rewritten.message}`, true);
    input = rewritten.input;
  }

  let decision: Awaited<ReturnType<PermissionGate>>;
  try {
    const hookDecision = pre?.permission;
    decision = await ctx.gate(
      { toolUseId, name, input, turnId, ...(hookDecision ? { hookDecision } : {}) },
      signal,
    );
  } catch (error) {
    if (signal.aborted) return interrupted();
    // Fail closed: if the permission check itself broke, the tool does not run.
    return finish(`Permission check failed, so ${name} was not run: ${describe(error)}`, true);
  }
  mark("tool.permitted", name);
  if (signal.aborted) return interrupted();

  if (decision.behavior === "deny") {
    const denial: PermissionDenial = { tool_name: name, tool_use_id: toolUseId, tool_input: input };
    const extra: Partial<DispatchOutcome> = { denial };
    if (decision.interrupt) extra.stop = `Permission denied: ${decision.message}`;
    return finish(`Permission denied: ${decision.message}`, true, undefined, extra);
  }

  if (decision.input !== undefined) {
    // The user (or a rule) edited the call; the edit must satisfy the schema like the original.
    const edited = parseToolInput(tool, decision.input);
    if (!edited.ok) return finish(edited.message, true);
    input = edited.input;
  }

  try {
    const output = await tool.execute(input, {
      ...ctx.toolContext,
      signal,
      onOutput: (chunk) => {
        const shown = redaction.chunk(chunk);
        if (shown) emit({ type: "tool_output_delta", toolUseId, chunk: shown });
      },
    });
    mark("tool.executed", name);
    if (signal.aborted) return interrupted();
    const isError = output.isError === true;
    // Hooks are processes too: they get the tool's output already masked.
    const shown = redaction.result(output.content, output.display);
    const post = hookCtx
      ? await postToolUse(hookCtx, name, toolUseId, input, { content: shown.content, isError })
      : undefined;
    if (signal.aborted) return interrupted();
    const notes = [pre?.kind === "proceed" ? pre.context : undefined, ...(post?.feedback ?? [])];
    const content = [shown.content, ...notes.filter((n): n is string => !!n)].join("\n\n");
    return finish(content, isError, shown.display, post?.stop ? { stop: post.stop } : undefined);
  } catch (error) {
    if (signal.aborted) return interrupted();
    // Tools promise not to throw; if one does anyway, the model hears about it and carries on.
    return finish(`Tool ${name} failed: ${describe(error)}`, true);
  }
}

/** The reason given to `interrupt()`, which the loop passes as the abort reason. */
export function interruptReason(signal: AbortSignal): string {
  return typeof signal.reason === "string" ? signal.reason : "interrupted";
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
