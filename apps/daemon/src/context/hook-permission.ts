// Whether a PreToolUse hook's `allow` may skip the prompt for a call the policy would ask about.
// Only a prompt that comes from the defaults may be skipped: an ask rule (any layer), a safety
// check the engine could not see through, or a deny never gives way to a hook.
import type { Decision, DecisionReason } from "@berth/permissions";

function defaultOnly(reason: DecisionReason): boolean {
  return reason.kind === "no-match" || reason.kind === "tool-default" || reason.kind === "mode";
}

export function hookMaySkipPrompt(decision: Decision): boolean {
  if (decision.behavior !== "ask") return false;
  if (!defaultOnly(decision.reason)) return false;
  return (decision.parts ?? []).every((part) => part.behavior !== "ask" || defaultOnly(part.reason));
}
