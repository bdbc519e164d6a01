// Turns a lexed word's flags into the safety issue that makes it untrustworthy.
import type { SafetyCheck } from "../types.js";
import type { WordInfo } from "./words.js";

/** The reason a word cannot be trusted at all, or null. */
export function wordHazard(w: WordInfo): { check: SafetyCheck; detail: string } | null {
  if (w.substitution)
    return { check: "command-substitution", detail: `command substitution in ${short(w.raw)}` };
  if (w.arithmetic)
    return { check: "arithmetic", detail: `arithmetic expansion with variables in ${short(w.raw)}` };
  if (w.complexExpansion)
    return { check: "complex-expansion", detail: `parameter expansion ${short(w.raw)}` };
  if (w.anomaly) return { check: "unsupported-syntax", detail: `${w.anomaly} in ${short(w.raw)}` };
  if (w.history) return { check: "history-expansion", detail: `history expansion (!) in ${short(w.raw)}` };
  return null;
}

export function short(s: string, n = 60): string {
  const one = s.replace(/\s+/g, " ");
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}
