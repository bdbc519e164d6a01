// Turns what the hook processes did into one decision for the event, per the reference's exit
// code and JSON rules. Pure, so every rule has a unit test.
import { HOOK_OUTPUT_MAX_CHARS, type HookJsonOutput, parseHookStdout } from "./output.js";
import {
  emptyOutcome,
  type HookEventName,
  type HookOutcome,
  type HookPermissionDecision,
  type HookRun,
} from "./types.js";

/** Events whose plain stdout (exit 0) is added to the model's context. */
const STDOUT_IS_CONTEXT = new Set<HookEventName>(["UserPromptSubmit", "SessionStart"]);
/** Events an exit code 2 or `decision: "block"` can block. */
const BLOCKABLE = new Set<HookEventName>([
  "PreToolUse",
  "PostToolUse",
  "PostToolUseFailure",
  "UserPromptSubmit",
  "Stop",
  "SubagentStop",
]);

const RANK: Record<HookPermissionDecision, number> = { allow: 1, ask: 2, deny: 3 };

function cap(text: string): string {
  return text.trim().slice(0, HOOK_OUTPUT_MAX_CHARS);
}

export function describeHook(run: HookRun): string {
  return `${run.hook.event} hook \`${run.hook.command}\` (${run.hook.source.path})`;
}

export function aggregateRuns(event: HookEventName, runs: HookRun[]): HookOutcome {
  const outcome = emptyOutcome();
  outcome.runs = runs;
  const block = (reason: string) => {
    if (!BLOCKABLE.has(event)) {
      outcome.userMessages.push(reason);
      return;
    }
    outcome.block = outcome.block ? { reason: `${outcome.block.reason}\n${reason}` } : { reason };
  };
  const permit = (decision: HookPermissionDecision, reason: string) => {
    if (!outcome.permission || RANK[decision] > RANK[outcome.permission.decision])
      outcome.permission = { decision, reason };
  };

  for (const run of runs) {
    const who = describeHook(run);
    if (run.spawnError) {
      outcome.userMessages.push(`${who} could not start: ${run.spawnError}`);
      continue;
    }
    if (run.timedOut) {
      // A timed-out hook renders no decision; the call continues through normal permissions.
      outcome.userMessages.push(
        `${who} timed out after ${Math.round(run.hook.timeoutMs / 1000)} s and was stopped.`,
      );
      continue;
    }
    if (run.exitCode === 2) {
      block(cap(run.stderr) || `Blocked by ${who} (exit code 2, no message).`);
      continue;
    }
    const parsed = parseHookStdout(run.stdout);
    if (run.exitCode !== 0) {
      const stderr = cap(run.stderr);
      const code = run.exitCode === null ? `signal ${run.signal}` : `exit code ${run.exitCode}`;
      outcome.userMessages.push(`${who} failed (${code})${stderr ? `: ${stderr}` : "."}`);
    }
    if (parsed.kind === "invalid") {
      outcome.userMessages.push(`${who}: ${parsed.problem}; its output was ignored.`);
      continue;
    }
    if (parsed.kind === "text") {
      if (run.exitCode === 0 && parsed.text && STDOUT_IS_CONTEXT.has(event))
        outcome.context.push(parsed.text);
      continue;
    }
    applyJson(event, parsed.value, who, outcome, block, permit);
  }
  return outcome;
}

function applyJson(
  event: HookEventName,
  json: HookJsonOutput,
  who: string,
  outcome: HookOutcome,
  block: (reason: string) => void,
  permit: (decision: HookPermissionDecision, reason: string) => void,
): void {
  const specific = json.hookSpecificOutput;
  if (json.systemMessage) outcome.userMessages.push(json.systemMessage);
  if (specific?.additionalContext) outcome.context.push(specific.additionalContext);
  if (event === "PreToolUse") {
    const legacy = json.decision === "approve" ? "allow" : json.decision === "block" ? "deny" : json.decision;
    const decision = specific?.permissionDecision ?? legacy;
    const reason = specific?.permissionDecisionReason ?? json.reason ?? "";
    if (decision) {
      permit(decision, reason || `Decided by ${who}.`);
      if (decision === "deny") block(reason || `Denied by ${who}.`);
    }
    if (specific?.updatedInput) outcome.updatedInput = specific.updatedInput;
  } else if (json.decision === "block") {
    block(json.reason || `Blocked by ${who}.`);
  }
  if (json.continue === false) {
    // `continue: false` beats any decision: the agent stops after this event.
    outcome.stop = { reason: json.stopReason || `Stopped by ${who}.` };
  }
}
