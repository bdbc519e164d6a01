// Turns a session's agent events and permission decisions into the documented telemetry
// (packages/telemetry). Only observes: nothing here can fail or slow a turn.
import type { PermissionGate } from "@berth/agent";
import type { SessionEvent } from "@berth/protocol";
import type { Decision, DecisionSource, SessionTelemetry } from "@berth/telemetry";

type PermissionAnswer = Extract<SessionEvent, { type: "permission_resolved" }>["answer"];

interface PendingTool {
  name: string;
  input: unknown;
  startedAt: number;
  decision?: Decision;
  source?: DecisionSource;
}

const SOURCES: Record<PermissionAnswer, DecisionSource> = {
  allow_once: "user_temporary",
  allow_session: "user_temporary",
  allow_always: "user_permanent",
  deny: "user_reject",
};

const MAX_ERROR_CHARS = 200;

function lineCount(text: unknown): number {
  if (typeof text !== "string" || text.length === 0) return 0;
  const breaks = text.split("\n").length - 1;
  return text.endsWith("\n") ? breaks : breaks + 1;
}

/** Lines an edit tool changed, from its input (Write counts the whole new file as added). */
function linesChanged(name: string, input: unknown): { added: number; removed: number } {
  const i = (input ?? {}) as Record<string, unknown>;
  if (name === "Write") return { added: lineCount(i.content), removed: 0 };
  if (name === "Edit") return { added: lineCount(i.new_string), removed: lineCount(i.old_string) };
  if (name === "MultiEdit" && Array.isArray(i.edits)) {
    let added = 0;
    let removed = 0;
    for (const e of i.edits as Array<Record<string, unknown>>) {
      added += lineCount(e?.new_string);
      removed += lineCount(e?.old_string);
    }
    return { added, removed };
  }
  return { added: 0, removed: 0 };
}

export interface TelemetryBridge {
  /** Every event the agent emits. */
  observe(event: SessionEvent): void;
  /** Wraps the permission gate to see decisions no one was asked about (rules, modes). */
  observeGate(gate: PermissionGate): PermissionGate;
}

export function createTelemetryBridge(
  telemetry: SessionTelemetry,
  options: { model: string; redact(text: string): string },
): TelemetryBridge {
  const tools = new Map<string, PendingTool>();
  let turnStartedAt = Date.now();
  let lastRequestEndedAt = Date.now();
  const guarded =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      try {
        fn(...args);
      } catch {
        // Telemetry never breaks a turn; the SDK reports its own export failures.
      }
    };

  const observe = guarded((event: SessionEvent) => {
    switch (event.type) {
      case "user_message":
        telemetry.userPrompt(event.text);
        break;
      case "turn_started":
        turnStartedAt = lastRequestEndedAt = Date.now();
        break;
      case "usage":
        lastRequestEndedAt = Date.now();
        telemetry.apiRequest({
          model: event.model,
          costUsd: event.costUsd,
          durationMs: event.durationMs,
          inputTokens: event.usage.input_tokens,
          outputTokens: event.usage.output_tokens,
          cacheReadTokens: event.usage.cache_read_input_tokens,
          cacheCreationTokens: event.usage.cache_creation_input_tokens,
        });
        break;
      case "tool_use":
        tools.set(event.toolUseId, { name: event.name, input: event.input, startedAt: Date.now() });
        break;
      case "permission_resolved": {
        const pending = tools.get(event.toolUseId);
        if (pending) pending.source = SOURCES[event.answer];
        break;
      }
      case "tool_result": {
        const pending = tools.get(event.toolUseId);
        tools.delete(event.toolUseId);
        if (!pending) break;
        const decision = pending.decision ?? (event.isError ? "reject" : "accept");
        telemetry.toolResult({
          toolName: event.name,
          success: !event.isError,
          durationMs: Date.now() - pending.startedAt,
          ...(event.isError ? { error: options.redact(event.content.slice(0, MAX_ERROR_CHARS)) } : {}),
          decision,
          source: pending.source ?? "config",
          ...(telemetry.includesToolDetails && pending.input && typeof pending.input === "object"
            ? {
                parameters: JSON.parse(options.redact(JSON.stringify(pending.input))) as Record<
                  string,
                  unknown
                >,
              }
            : {}),
        });
        if (!event.isError && decision === "accept") {
          const { added, removed } = linesChanged(event.name, pending.input);
          telemetry.linesOfCode(added, removed);
        }
        break;
      }
      case "turn_completed":
        telemetry.activeTime(event.durationMs / 1000, "cli");
        break;
      case "turn_failed":
        telemetry.apiError({
          model: options.model,
          error: options.redact(event.error.message.slice(0, MAX_ERROR_CHARS)),
          durationMs: Date.now() - lastRequestEndedAt,
          attempt: 1,
        });
        telemetry.activeTime((Date.now() - turnStartedAt) / 1000, "cli");
        break;
      default:
        break;
    }
  });

  const decided = guarded((call: { toolUseId: string; name: string; input: unknown }, allowed: boolean) => {
    const pending = tools.get(call.toolUseId) ?? {
      name: call.name,
      input: call.input,
      startedAt: Date.now(),
    };
    pending.decision = allowed ? "accept" : "reject";
    pending.source ??= "config";
    // A refused call whose question went unanswered (interrupt) is the user's abort.
    tools.set(call.toolUseId, pending);
    telemetry.toolDecision({
      toolName: call.name,
      decision: pending.decision,
      source: pending.source,
      input: call.input,
    });
  });

  return {
    observe,
    observeGate: (gate) => async (call, signal) => {
      const result = await gate(call, signal);
      if (signal.aborted && result.behavior !== "allow") {
        const pending = tools.get(call.toolUseId);
        if (pending) pending.source = "user_abort";
      }
      decided(call, result.behavior === "allow");
      return result;
    },
  };
}
