// The agent loop: send the conversation, stream the reply, run the tools it asks for, send the
// results, until the model stops asking. The loop owns the conversation and one turn's abort
// controller; everything else (persistence, seq numbers, clients, permission prompts) is the
// daemon's, reached through `emit`, `onMessage` and the gate.
import type {
  ContentBlockParam,
  Message,
  MessageParam,
  ToolResultBlockParam,
  ToolUseBlock,
} from "@anthropic-ai/sdk/resources/messages/messages";
import { type ContentBlock, SPEND_LIMIT_ERROR_CODE } from "@berth/protocol";
import { mark } from "@berth/protocol/timings";
import { type CompactionTrigger, contextTokens, estimateTokens, nearWindow } from "./compaction.js";
import { compactWithHooks } from "./compactor.js";
import { AgentError, classifyError, isAbortError } from "./errors.js";
import {
  assistantMessage,
  ConversationHistory,
  errorResult,
  textOf,
  toolResultMessage,
  userTextMessage,
} from "./history.js";
import { buildRequest, DEFAULT_MAX_TOKENS } from "./request.js";
import { streamMessage } from "./stream.js";
import {
  type DispatchContext,
  dispatchToolUse,
  INTERRUPTED_RESULT,
  interruptReason,
} from "./tool-dispatch.js";
import { stopHook, userPromptSubmit } from "./turn-hooks.js";
import { rejectedTurn, TurnState } from "./turn-state.js";
import type { AgentSessionOptions, AnyTool, TurnOutcome } from "./types.js";
import { normalizeUsage, priceUsage } from "./usage.js";

/** Told to the model on the next turn, so it does not resume what the user stopped. */
export const INTERRUPT_NOTE = "[Request interrupted by user]";

// Why a tool call left unanswered is being closed; the model reads these.
const NOT_RUN_AFTER_RESTART = "Not run: the session ended before this tool call finished.";
const NOT_RUN_CUT_OFF = "Not run: the response was cut off before this tool call was complete.";
const NOT_RUN_FAILED = "Not run: the turn failed before this tool call could run.";

export class AgentSession {
  readonly #options: AgentSessionOptions;
  readonly #history: ConversationHistory;
  readonly #tools: ReadonlyMap<string, AnyTool>;
  /** The fixed tools plus, for the current request, the session's dynamic ones. */
  #toolsNow: ReadonlyMap<string, AnyTool>;
  readonly #now: () => number;
  #controller: AbortController | undefined;
  /** Tokens in context at the last model request (what the window limits); 0 before one. */
  #lastContext = 0;

  constructor(options: AgentSessionOptions) {
    // A copy: setModel changes this session's model, never the caller's object.
    this.#options = { ...options };
    this.#now = options.now ?? Date.now;
    this.#history = new ConversationHistory(options.history, options.onMessage, options.storedMessages);
    const tools = new Map<string, AnyTool>();
    for (const tool of options.tools) {
      // The API rejects duplicate names, so catch the mistake here rather than on every request.
      if (tools.has(tool.name)) throw new AgentError("internal_error", `Duplicate tool name: ${tool.name}`);
      tools.set(tool.name, tool);
    }
    this.#tools = tools;
    this.#toolsNow = tools;
  }

  get history(): readonly MessageParam[] {
    return this.#history.messages;
  }

  /** `/model`: the next model request (turn or compaction) uses `model`; a running one is left alone. */
  setModel(model: string): void {
    this.#options.model = model;
  }

  /** True while a turn is running. */
  get running(): boolean {
    return this.#controller !== undefined;
  }

  /** Stops the running turn (model stream, gate or tool); a no-op when idle. */
  interrupt(reason = "interrupted"): void {
    this.#controller?.abort(reason);
  }

  /** Runs one user turn to its end. Never rejects: failures come back as a `failed` outcome. */
  async runTurn(text: string, turnId: string): Promise<TurnOutcome> {
    if (this.#controller) {
      // No events: this turn id never started, and the running turn's stream must stay clean.
      return rejectedTurn(
        new AgentError(
          "turn_in_progress",
          "A turn is already running; wait for it or interrupt it.",
        ).toTurnError(),
      );
    }
    const controller = new AbortController();
    this.#controller = controller;
    const state = new TurnState(turnId, this.#options.emit, this.#now);
    try {
      return await this.#run(text, state, controller.signal);
    } catch (error) {
      return this.#ended(state, controller.signal, error);
    } finally {
      this.#controller = undefined;
    }
  }

  async #run(text: string, state: TurnState, signal: AbortSignal): Promise<TurnOutcome> {
    const { emit, maxTurns } = this.#options;
    const hooks = this.#options.hooks;
    // Before the prompt is recorded anywhere: a blocked prompt is erased, not kept in the log.
    const prompt =
      hooks && text.trim() !== "" ? await userPromptSubmit(hooks, emit, text, signal) : undefined;
    if (prompt?.kind === "blocked") {
      emit({ type: "turn_started", turnId: state.turnId });
      return state.completed("blocked_by_hook");
    }
    emit({ type: "user_message", text, turnId: state.turnId });
    emit({ type: "turn_started", turnId: state.turnId });
    // A resumed transcript can end mid-tool (the daemon stopped); answer those calls first.
    this.#history.closeDanglingToolUses(NOT_RUN_AFTER_RESTART);
    if (text.trim() === "") throw new AgentError("invalid_request", "The message is empty.");
    this.#history.append(prompt?.message ?? userTextMessage(text));
    let overflowRetried = false;

    let stopContinuations = 0;
    for (;;) {
      if (signal.aborted) return this.#interrupted(state, interruptReason(signal));
      if (maxTurns !== undefined && state.numRequests >= maxTurns) return this.#completed(state, "max_turns");
      // Checked before every request, so a limit reached mid-turn stops it between requests: the
      // history then ends with complete tool results, never a half-written call.
      const refusal = this.#options.beforeRequest?.();
      if (refusal !== undefined)
        return state.failed({ code: SPEND_LIMIT_ERROR_CODE, message: refusal, retryable: false });
      if (nearWindow(this.#options.compaction, this.#history.messages, this.#lastContext))
        await this.#compact("auto", undefined, state.turnId, signal);
      let message: Message;
      try {
        message = await this.#request(state, signal);
      } catch (error) {
        // The window filled up faster than usage showed (a huge tool result): compact, retry once.
        if (overflowRetried || signal.aborted || classifyError(error).code !== "prompt_too_long") throw error;
        overflowRetried = true;
        if (!(await this.#compact("auto", undefined, state.turnId, signal))) throw error;
        continue;
      }
      const stopReason = message.stop_reason ?? "end_turn";
      // pause_turn: a server-side tool paused a long turn; sending it back lets the model go on.
      if (stopReason === "pause_turn") continue;
      const uses = message.content.filter((block): block is ToolUseBlock => block.type === "tool_use");
      if (stopReason !== "tool_use" || uses.length === 0) {
        if (hooks && !signal.aborted) {
          const stop = await stopHook(hooks, emit, textOf(message), stopContinuations, signal);
          if (stop.kind === "continue") {
            stopContinuations++;
            this.#history.append(stop.message);
            continue;
          }
        }
        return this.#completed(state, stopReason);
      }
      const stop = await this.#runTools(uses, state, signal);
      if (stop !== undefined) return this.#interrupted(state, stop);
    }
  }

  /** One model request: stream it, report it, add the reply to the history. */
  async #request(state: TurnState, signal: AbortSignal): Promise<Message> {
    const { model, messages, emit, cost } = this.#options;
    this.#toolsNow = await this.#withDynamicTools(signal);
    const params = buildRequest({
      model,
      maxTokens: this.#options.maxTokens ?? DEFAULT_MAX_TOKENS,
      systemPrompt: this.#systemPromptNow(),
      tools: [...this.#toolsNow.values()],
      messages: this.#history.messages,
    });
    state.numRequests++;
    const started = this.#now();
    let durationMs = 0;
    let message: Message;
    mark("model.request");
    try {
      message = await streamMessage(messages, params, {
        turnId: state.turnId,
        signal,
        emit,
        idleTimeoutMs: this.#options.streamIdleTimeoutMs,
      });
    } finally {
      // Failed and interrupted requests took API time too.
      durationMs = Math.max(0, this.#now() - started);
      state.durationApiMs += durationMs;
      mark("model.response");
    }
    const usage = normalizeUsage(message.usage);
    const servedBy = message.model || model;
    const priced = priceUsage(cost, servedBy, usage);
    emit({
      type: "assistant_message",
      turnId: state.turnId,
      messageId: message.id,
      model: servedBy,
      content: message.content as unknown as ContentBlock[],
      stopReason: message.stop_reason,
      usage,
    });
    emit({ type: "usage", turnId: state.turnId, model: servedBy, usage, ...priced, durationMs });
    state.addRequest(usage, priced.costUsd);
    this.#lastContext = contextTokens(usage);
    state.lastMessage = message;
    this.#history.append(assistantMessage(message));
    return message;
  }

  #systemPromptNow(): string | readonly string[] | undefined {
    const option = this.#options.systemPrompt;
    const base = typeof option === "function" ? option() : option;
    const extra = this.#options.dynamicSystemPrompt?.() ?? [];
    if (extra.length === 0) return base;
    return [...(typeof base === "string" ? [base] : (base ?? [])), ...extra];
  }

  /** Dynamic tools never shadow fixed ones; a clash keeps the fixed tool. */
  async #withDynamicTools(signal: AbortSignal): Promise<ReadonlyMap<string, AnyTool>> {
    const extra = this.#options.dynamicTools ? await this.#options.dynamicTools(signal) : [];
    if (extra.length === 0) return this.#tools;
    const all = new Map(this.#tools);
    for (const tool of extra) if (!all.has(tool.name)) all.set(tool.name, tool);
    return all;
  }

  /** Compacts the conversation now (`/compact [instructions]`); refused while a turn runs. */
  async compact(instructions?: string): Promise<"compacted" | "nothing"> {
    if (this.#controller)
      throw new AgentError("turn_in_progress", "A turn is running; compact when it has finished.");
    const controller = new AbortController();
    this.#controller = controller;
    try {
      const done = await this.#compact("manual", instructions, `compact-${this.#now()}`, controller.signal);
      return done ? "compacted" : "nothing";
    } finally {
      this.#controller = undefined;
    }
  }

  /** `/clear`: a fresh conversation in the same session; the stored transcript keeps the old one. */
  clear(): void {
    if (this.#controller)
      throw new AgentError("turn_in_progress", "A turn is running; clear when it has finished.");
    const before = this.#history.messages;
    this.#options.emit({
      type: "compaction",
      trigger: "clear",
      summary: null,
      keptFromIdx: this.#history.storedCount,
      preTokens: Math.max(this.#lastContext, estimateTokens(before)),
      postTokens: 0,
      summarizedMessages: 0,
      keptMessages: 0,
    });
    this.#history.replace([]);
    this.#lastContext = 0;
  }

  /** Replaces the older part of the history by a summary; false when there was nothing to do. */
  #compact(
    trigger: CompactionTrigger,
    instructions: string | undefined,
    turnId: string,
    signal: AbortSignal,
  ): Promise<boolean> {
    const request = {
      trigger,
      ...(instructions ? { instructions } : {}),
      turnId,
      signal,
      preTokens: this.#lastContext,
      storedCount: this.#history.storedCount,
    };
    const tools = [...this.#toolsNow.values()];
    return compactWithHooks(this.#options, tools, this.#history.messages, request, (result) => {
      this.#history.replace(result.history);
      this.#lastContext = 0;
    });
  }

  /**
   * Runs the calls one after another, in the model's order, and answers all of them in ONE user
   * message (the API wants every result right after the assistant message, in any case complete).
   * Returns the reason when the turn must stop.
   */
  async #runTools(
    uses: readonly ToolUseBlock[],
    state: TurnState,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    const ctx: DispatchContext = {
      turnId: state.turnId,
      tools: this.#toolsNow,
      toolContext: this.#options.toolContext,
      redactor: this.#options.redactor,
      gate: this.#options.gate,
      emit: this.#options.emit,
      signal,
      ...(this.#options.hooks ? { hooks: this.#options.hooks } : {}),
    };
    const results: ToolResultBlockParam[] = [];
    let stop: string | undefined;
    for (const block of uses) {
      if (stop !== undefined || signal.aborted) {
        stop ??= interruptReason(signal);
        results.push(errorResult(block.id, INTERRUPTED_RESULT));
        continue;
      }
      const outcome = await dispatchToolUse(block, ctx);
      results.push(outcome.result);
      if (outcome.denial) state.denials.push(outcome.denial);
      if (outcome.stop !== undefined) stop = outcome.stop;
    }
    const message = toolResultMessage(results);
    if (stop !== undefined)
      (message.content as ContentBlockParam[]).push({ type: "text", text: INTERRUPT_NOTE });
    this.#history.append(message);
    return stop;
  }

  #completed(state: TurnState, stopReason: string): TurnOutcome {
    // A reply cut off by max_tokens can end in a half-written tool call; it was never run.
    this.#history.closeDanglingToolUses(NOT_RUN_CUT_OFF);
    return state.completed(stopReason);
  }

  #interrupted(state: TurnState, reason: string): TurnOutcome {
    this.#history.closeDanglingToolUses(INTERRUPTED_RESULT);
    const last = this.#history.messages.at(-1);
    const noted =
      last?.role === "user" &&
      Array.isArray(last.content) &&
      last.content.some((block) => block.type === "text" && block.text === INTERRUPT_NOTE);
    if (!noted) this.#history.append(userTextMessage(INTERRUPT_NOTE));
    return state.interrupted(reason);
  }

  /** The turn threw: an interrupt surfacing as an abort error, or a real failure. */
  #ended(state: TurnState, signal: AbortSignal, error: unknown): TurnOutcome {
    try {
      if (signal.aborted || isAbortError(error)) return this.#interrupted(state, interruptReason(signal));
      this.#history.closeDanglingToolUses(NOT_RUN_FAILED);
      return state.failed(classifyError(error));
    } catch (secondary) {
      // Reporting itself failed (emit threw); still resolve, as promised.
      return rejectedTurn(classifyError(secondary));
    }
  }
}
