import type { GateResult, PermissionGate, ToolCall } from "@berth/agent";
import { summarizeToolInput } from "@berth/agent";
import type { CommandDescription } from "@berth/protocol";
import type { Store } from "@berth/store";
import type { LiveSession } from "./live-session";

/** What the permission policy says about one tool call before anyone is asked. */
export interface PolicyVerdict {
  behavior: "allow" | "ask" | "deny";
  reason: string;
  rule?: string;
  source?: string;
  description?: CommandDescription;
  suggestions?: string[];
  /** A PreToolUse hook's `allow` may skip this prompt (it comes from the defaults, not a rule). */
  hookMaySkipPrompt?: boolean;
}

const EDIT_TOOLS = new Set(["Edit", "MultiEdit", "Write", "NotebookEdit"]);

/** What the gate needs from a session's policy. */
export interface Policy {
  decide(tool: string, input: unknown): PolicyVerdict;
  /** Applies an "allow for this session" / "allow always" answer; returns where it was saved. */
  remember(
    tool: string,
    verdict: PolicyVerdict,
    answer: "allow_session" | "allow_always",
  ): string | undefined;
}

/**
 * Turns a policy into the agent's gate: allow and deny pass straight through; `ask`
 * becomes a question to the attached clients (or, in print mode, a denial the model is
 * told about). Every decision is written to the audit table.
 */
export function createGate(
  session: LiveSession,
  policy: Policy,
  store: Store | undefined,
  /** Told when a question goes to the user (Notification hooks). */
  onAsk?: (message: string) => void,
): PermissionGate {
  /** Records a decision; false when it could not be committed (the store says why in its log). */
  const audit = (tool: string, input: unknown, outcome: string, verdict: PolicyVerdict): boolean => {
    try {
      // Committed before the tool runs, together with the session's pending events.
      session.commitNow(() =>
        store?.recordDecision({
          sessionId: session.id,
          tool,
          inputSummary: summarizeToolInput(tool, input),
          decision: verdict.behavior,
          outcome,
          reason: verdict.reason,
          rule: verdict.rule ?? null,
          source: verdict.source ?? null,
        }),
      );
      return true;
    } catch {
      return false;
    }
  };
  // Every allowed call is on record before it runs: when the record cannot be written (a full
  // disk, a read-only home), the call is refused rather than run unaudited.
  const allowIfAudited = (call: ToolCall, outcome: string, verdict: PolicyVerdict): GateResult =>
    audit(call.name, call.input, outcome, verdict)
      ? { behavior: "allow" }
      : {
          behavior: "deny",
          message: `Berth could not record this ${call.name} call in its audit log (the session store is unavailable), so it was not run.`,
        };

  return async (call, signal) => {
    const verdict = withHookDecision(policy.decide(call.name, call.input), call.hookDecision);
    if (verdict.behavior === "deny") {
      audit(call.name, call.input, "denied", verdict);
      return { behavior: "deny", message: `Denied by policy: ${verdict.reason}` };
    }
    if (verdict.behavior === "allow") return allowIfAudited(call, "allowed", verdict);
    if (!session.interactive) {
      audit(call.name, call.input, "denied (no one to ask)", verdict);
      return {
        behavior: "deny",
        message: `Permission to use ${call.name} was not granted: ${verdict.reason.replace(/[.\s]+$/, "")}. Nobody can approve it in print mode; allow it with --allowedTools or a permissions rule.`,
      };
    }
    const modelDescription = (call.input as { description?: unknown })?.description;
    session.setStatus("waiting_permission");
    onAsk?.(`Berth needs your permission to use ${call.name}`);
    const answer = await session.permissions.ask(
      {
        toolUseId: call.toolUseId,
        tool: call.name,
        input: call.input,
        reason: verdict.reason,
        ...(typeof modelDescription === "string" ? { modelDescription } : {}),
        ...(verdict.description ? { description: verdict.description } : {}),
        suggestions: verdict.suggestions ?? [],
      },
      signal,
      (request) => session.emit({ type: "permission_request", turnId: call.turnId, request }),
    );
    if (!signal.aborted) session.setStatus("running");
    session.emit({
      type: "permission_resolved",
      requestId: answer.requestId ?? "",
      toolUseId: call.toolUseId,
      answer: answer.answer,
      by: answer.by,
      ...(answer.message ? { message: answer.message } : {}),
    });
    if (answer.answer === "deny") {
      audit(call.name, call.input, `denied by ${answer.by}`, verdict);
      const feedback = answer.message ? ` The user said: ${answer.message}` : "";
      return { behavior: "deny", message: `The user denied this ${call.name} call.${feedback}` };
    }
    let savedTo: string | undefined;
    if (answer.answer === "allow_session" || answer.answer === "allow_always") {
      savedTo = policy.remember(call.name, verdict, answer.answer);
      // "Allow all edits this session" is accept-edits mode: later edits are still checked by
      // the engine (working directories, protected paths), they just stop asking.
      if (EDIT_TOOLS.has(call.name) && session.permissionMode === "default") {
        session.setMode("acceptEdits");
        savedTo ??= "session (accept-edits mode)";
      }
    }
    return allowIfAudited(
      call,
      `${answer.answer} by ${answer.by}${savedTo ? ` (saved to ${savedTo})` : ""}`,
      verdict,
    );
  };
}

/**
 * A hook's `ask` turns an allow into a question; its `allow` answers only a question the
 * defaults would have asked. Rules and safety checks always keep their say.
 */
function withHookDecision(verdict: PolicyVerdict, hook: ToolCall["hookDecision"]): PolicyVerdict {
  if (!hook || verdict.behavior === "deny") return verdict;
  if (hook.decision === "ask" && verdict.behavior === "allow")
    return {
      ...verdict,
      behavior: "ask",
      reason: `a PreToolUse hook asks for confirmation: ${hook.reason}`,
      suggestions: [],
    };
  if (hook.decision === "allow" && verdict.behavior === "ask" && verdict.hookMaySkipPrompt)
    return { ...verdict, behavior: "allow", reason: `allowed by a PreToolUse hook: ${hook.reason}` };
  return verdict;
}
