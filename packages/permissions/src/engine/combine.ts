// Folds per-part verdicts into one decision: any deny wins, then any ask (rule asks before safety
// before plain "no rule"), else allow.
import type { Decision, DecisionReason, PartDecision, PermissionMode } from "../types.js";

function askRank(r: DecisionReason): number {
  if (r.kind === "rule") return 0;
  if (r.kind === "safety") return 1;
  return 2;
}

function describe(p: PartDecision): string {
  const r = p.reason;
  if (r.kind === "rule") return `"${p.command}" (${r.list} rule "${r.rule}" from ${r.source})`;
  if (r.kind === "safety") return `"${p.command}" (${r.detail})`;
  if (r.kind === "mode") return `"${p.command}" (${r.mode} mode)`;
  return `"${p.command}"`;
}

export function combineParts(parts: PartDecision[], what: string, mode: PermissionMode): Decision {
  const denied = parts.filter((p) => p.behavior === "deny");
  const asked = parts
    .filter((p) => p.behavior === "ask")
    .sort((x, y) => askRank(x.reason) - askRank(y.reason));
  if (denied.length > 0) {
    const p = denied[0] as PartDecision;
    if (mode === "plan" && p.reason.kind === "mode") {
      return {
        behavior: "deny",
        reason: p.reason,
        message: `Plan mode allows only reads and read-only commands until the plan is approved, so ${describe(p)} is denied.`,
      };
    }
    const why =
      mode === "plan" && p.reason.kind === "mode"
        ? "plan mode allows only read-only commands"
        : mode === "dontAsk" && p.reason.kind !== "rule"
          ? "it is not pre-approved and this session does not ask"
          : "it is not allowed";
    return { behavior: "deny", reason: p.reason, message: `${what} is denied: ${describe(p)} — ${why}.` };
  }
  if (asked.length > 0) {
    const p = asked[0] as PartDecision;
    const others = asked.length > 1 ? ` and ${asked.length - 1} more part${asked.length > 2 ? "s" : ""}` : "";
    return {
      behavior: "ask",
      reason: p.reason,
      message: `${what} needs approval for ${describe(p)}${others}.`,
    };
  }
  const reason: DecisionReason = parts.find((p) => p.reason.kind === "rule")?.reason ??
    parts.find((p) => p.reason.kind === "mode")?.reason ?? { kind: "read-only-default" };
  const how =
    reason.kind === "rule"
      ? `by the allow rule "${reason.rule}" from ${reason.source}`
      : reason.kind === "mode"
        ? `in ${reason.mode} mode`
        : "as read-only";
  return { behavior: "allow", reason, message: `${what} is allowed ${how}.` };
}
