// Builds decisions and their one-sentence messages, so wording stays consistent across tools.
import type { CompiledRule } from "../rules/compile.js";
import type { Behavior, Decision, DecisionReason, PermissionMode, SafetyCheck } from "../types.js";

export function ruleReason(r: CompiledRule): DecisionReason {
  return { kind: "rule", rule: r.rule.text, source: r.source, list: r.rule.list };
}

export function safety(check: SafetyCheck, detail: string): DecisionReason {
  return { kind: "safety", check, detail };
}

export function byRule(behavior: Behavior, r: CompiledRule, what: string): Decision {
  const verb = behavior === "deny" ? "denied" : behavior === "ask" ? "needs approval" : "allowed";
  const note = r.fallbackFor ? ` (the rule is malformed: ${r.fallbackFor})` : "";
  return {
    behavior,
    reason: ruleReason(r),
    message: `${what} is ${verb} by the ${r.rule.list} rule "${r.rule.text}" from ${r.source}${note}.`,
  };
}

export function bySafety(behavior: Behavior, check: SafetyCheck, detail: string, what: string): Decision {
  const tail =
    behavior === "deny"
      ? "so it is denied"
      : behavior === "allow"
        ? "but it is allowed"
        : "so it needs approval";
  return { behavior, reason: safety(check, detail), message: `${what}: ${detail}, ${tail}.` };
}

export function byMode(behavior: Behavior, mode: PermissionMode, what: string): Decision {
  const text: Record<PermissionMode, string> = {
    default: `${what} needs approval.`,
    acceptEdits: `${what} is allowed because edits are accepted in this session.`,
    plan: `Plan mode allows only reads and read-only commands until the plan is approved, so ${lower(what)} is denied.`,
    bypassPermissions: `${what} is allowed because permission prompts are bypassed.`,
    dontAsk: `${what} is not pre-approved and this session does not ask, so it is denied.`,
  };
  return { behavior, reason: { kind: "mode", mode }, message: text[mode] };
}

export function readOnlyDefault(what: string): Decision {
  return {
    behavior: "allow",
    reason: { kind: "read-only-default" },
    message: `${what} is read-only and allowed by default.`,
  };
}

export function noMatch(what: string): Decision {
  return {
    behavior: "ask",
    reason: { kind: "no-match" },
    message: `${what} needs approval: no rule allows it.`,
  };
}

/** dontAsk turns every ask into a deny; plan denies whatever is not read-only. */
export function applyAskMode(d: Decision, mode: PermissionMode): Decision {
  if (d.behavior !== "ask" || mode !== "dontAsk") return d;
  return {
    ...d,
    behavior: "deny",
    message: `${d.message.replace(/\.$/, "")}; this session does not ask, so it is denied.`,
  };
}

function lower(s: string): string {
  return s.length > 0 ? s[0]?.toLowerCase() + s.slice(1) : s;
}
