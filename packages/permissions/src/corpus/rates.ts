// Prompt and run rates of real teams' Bash rules (corpus/real-bash-rules.json): each allow rule,
// loaded alone, against the command it was written for (did we prompt?), and each deny/ask rule,
// loaded alone in bypass mode, against the command it was written to refuse (did it run?).
import type { PermissionEngine } from "../engine/create.js";
import { compileRules } from "../rules/compile.js";
import type { PermissionContext, RuleList } from "../types.js";

export interface CorpusEntry {
  list: RuleList;
  rule: string;
  command: string;
  source: string;
}

export interface RateGroup {
  total: number;
  /** Allow rules that prompted; deny/ask rules whose command ran anyway. */
  misses: number;
  rate: number;
  /** Why the misses happened (safety check or reason kind) → count. */
  why: Record<string, number>;
  examples: { rule: string; command: string; why: string }[];
}

export interface CorpusRates {
  allow: RateGroup;
  deny: RateGroup;
  ask: RateGroup;
}

export type BaseContext = Omit<PermissionContext, "rules" | "mode">;

export function corpusRates(
  engine: PermissionEngine,
  entries: CorpusEntry[],
  base: BaseContext,
): CorpusRates {
  const group = (): RateGroup => ({ total: 0, misses: 0, rate: 0, why: {}, examples: [] });
  const out: CorpusRates = { allow: group(), deny: group(), ask: group() };
  for (const e of entries) {
    const rules = compileRules([{ text: e.rule, list: e.list, source: { kind: "project", root: base.cwd } }]);
    const mode = e.list === "allow" ? "default" : "bypassPermissions";
    const d = engine.decide({ tool: "Bash", input: { command: e.command } }, { ...base, rules, mode });
    const g = out[e.list];
    g.total++;
    const miss = e.list === "allow" ? d.behavior !== "allow" : d.behavior === "allow";
    if (!miss) continue;
    g.misses++;
    const why = d.reason.kind === "safety" ? d.reason.check : d.reason.kind;
    g.why[why] = (g.why[why] ?? 0) + 1;
    g.examples.push({ rule: e.rule, command: e.command, why });
  }
  for (const g of Object.values(out)) g.rate = g.total === 0 ? 0 : g.misses / g.total;
  return out;
}

export function formatRates(r: CorpusRates): string {
  const pct = (g: RateGroup) => `${(g.rate * 100).toFixed(1)}%`;
  const why = (g: RateGroup) =>
    Object.entries(g.why)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
  return [
    `allow rules: ${r.allow.total}, prompted on ${r.allow.misses} (${pct(r.allow)}; 1 in ${r.allow.misses ? Math.round(r.allow.total / r.allow.misses) : "∞"}) — ${why(r.allow)}`,
    `deny rules:  ${r.deny.total}, command ran on ${r.deny.misses} (${pct(r.deny)})${r.deny.misses ? ` — ${why(r.deny)}` : ""}`,
    `ask rules:   ${r.ask.total}, command ran on ${r.ask.misses} (${pct(r.ask)})${r.ask.misses ? ` — ${why(r.ask)}` : ""}`,
  ].join("\n");
}
