// Matching rendered shell commands against Bash(...) rules. Deny/ask rules see every spelling we
// can produce (each wrapper level, program basename, unquoted values); allow rules see exactly one
// canonical rendering of the unwrapped command. A rendering may contain DYNAMIC words: only `*`
// matches those, and for deny/ask a rule that could match once the word is known still counts
// (as "possible").
import type { ShellAnalysis, SimpleCommand } from "../shell/analyse.js";
import { isStrippableVariable } from "../shell/env-vars.js";
import { canonicalQuote } from "../shell/quote.js";
import { basename, staticValue } from "../shell/wrappers.js";
import type { WordInfo } from "../shell/words.js";
import { DYNAMIC, globMatches, globPrefixViable } from "../rules/glob.js";
import type { CompiledRule, CompiledRuleSet } from "../rules/compile.js";

export interface BashHit {
  rule: CompiledRule;
  /** False when the rule matches only for some values of a dynamic word. */
  certain: boolean;
}

function render(words: WordInfo[], baseProgram: boolean, unquoted: boolean): string {
  return words
    .map((w, i) => {
      const v = staticValue(w);
      if (i === 0 && baseProgram && v !== null) return canonicalQuote(basename(v));
      if (unquoted && v !== null) return v;
      return w.render;
    })
    .join(" ");
}

function spellings(words: WordInfo[], extra: string): string[] {
  if (words.length === 0) return [];
  const out = new Set([render(words, false, false), render(words, true, false), render(words, true, true)]);
  return [...out].map((s) => s + extra);
}

/** Every spelling of every command (nested, hidden behind wrappers, inline scripts included);
 * with `home`, also each program under it spelled `~/...` as a rule may name it. */
export function denyRenderings(a: ShellAnalysis, home?: string): string[] {
  const out = spellAll(a, []);
  const h = home?.replace(/\/+$/, "");
  if (!h) return out;
  const tilde = out
    .filter((s) => s.startsWith(`${h}/`))
    .map((s) => {
      const first = firstWord(s);
      return canonicalQuote(`~${first.slice(h.length)}`) + s.slice(first.length);
    });
  return [...new Set([...out, ...tilde])];
}

function spellAll(a: ShellAnalysis, out: string[]): string[] {
  for (const c of a.commands) {
    for (const level of c.unwrapped.levels) {
      const extra = level === c.unwrapped.inner && c.unwrapped.xargsAppend ? ` ${DYNAMIC}` : "";
      out.push(...spellings(level.words, extra));
    }
    for (const h of c.hidden) out.push(...spellings(h, ""));
    // `git -C dir -c k=v push` must still meet a `Bash(git push *)` deny.
    const inner = c.unwrapped.inner.words;
    if (c.git && c.git.subIndex > 1)
      out.push(...spellings([inner[0] as WordInfo, ...inner.slice(c.git.subIndex)], ""));
  }
  for (const sub of a.inline) spellAll(sub, out);
  return [...new Set(out)];
}

/** A rendering allow rules are matched against. `needs`: for a wrapper level as written
 * (`timeout 20 uv run python x.py`), the words up to and including the wrapped program, which the
 * rule must spell out, so `Bash(timeout:*)` alone never reaches the program behind it. */
export interface AllowRendering {
  text: string;
  needs: string | null;
}

/** The first rendering is the canonical one (wrappers and known-safe leading assignments stripped,
 * the program exactly as written); then each wrapper level as written; then, for programs under
 * `home`, the same with `~/` (tilde expansion is static, so either spelling may be in a rule). */
export function allowRenderings(c: SimpleCommand, home?: string): AllowRendering[] {
  const prefix = c.assignments
    .filter((a) => !isStrippableVariable(a.name, a.value?.isStatic ? a.value.value : null))
    .map((a) => `${a.name}=${a.value ? a.value.render : "''"}`);
  const withPrefix = (body: string) => [...prefix, body].filter((s) => s !== "").join(" ");
  const { inner, levels, xargsAppend } = c.unwrapped;
  const tail = xargsAppend ? ` ${DYNAMIC}` : "";
  const h = home?.replace(/\/+$/, "");
  const out: AllowRendering[] = [];
  for (const tilde of h ? [false, true] : [false]) {
    // Program words (each level's first) under home, spelled with `~/` in the second round.
    const spell = (words: WordInfo[]) =>
      words.map((w) => {
        const v = staticValue(w);
        return tilde && h && v?.startsWith(`${h}/`) && levels.some((l) => l.words[0] === w)
          ? canonicalQuote(`~${v.slice(h.length)}`)
          : w.render;
      });
    for (const level of levels) {
      const words = spell(level.words);
      const k = level.words.length - inner.words.length;
      out.push({
        text: withPrefix(words.join(" ") + tail),
        needs: level === inner ? null : withPrefix(words.slice(0, k + 1).join(" ")),
      });
    }
  }
  // Canonical first; duplicates (no wrapper, nothing under home) dropped.
  const seen = new Set<string>();
  return [...out.filter((r) => r.needs === null), ...out.filter((r) => r.needs !== null)].filter((r) => {
    const key = `${r.text}\u0000${r.needs}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function namesInner(rule: CompiledRule, needs: string): boolean {
  const lit = rule.bash?.parts[0] ?? "";
  return lit === needs || lit.startsWith(`${needs} `);
}

/** An allow rule for any of the command's renderings (see allowRenderings). */
export function matchAllowCommand(
  rules: CompiledRuleSet,
  renderings: AllowRendering[],
  network: boolean,
): CompiledRule | null {
  const [primary, ...others] = renderings;
  if (primary === undefined) return null;
  const hit = matchAllow(rules, primary.text, network);
  if (hit) return hit;
  for (const r of others) {
    const named = rules.lists.allow.bashByWord.get(firstWord(r.text)) ?? [];
    // A wildcard-first rule is not explicit enough for a network program (see matchAllow).
    for (const rule of network ? named : [...named, ...rules.lists.allow.bashWild]) {
      if (rule.bash && globMatches(rule.bash, r.text) && (r.needs === null || namesInner(rule, r.needs)))
        return rule;
    }
  }
  return null;
}

function firstWord(s: string): string {
  const i = s.indexOf(" ");
  return i < 0 ? s : s.slice(0, i);
}

function candidates(
  rules: CompiledRuleSet,
  list: "deny" | "ask" | "allow",
  word: string | null,
): CompiledRule[] {
  const idx = rules.lists[list];
  if (word === null) return [...[...idx.bashByWord.values()].flat(), ...idx.bashWild];
  return [...(idx.bashByWord.get(word) ?? []), ...idx.bashWild];
}

export function matchDenyOrAsk(
  rules: CompiledRuleSet,
  list: "deny" | "ask",
  rendering: string,
): BashHit | null {
  const dyn = rendering.indexOf(DYNAMIC);
  const first = firstWord(rendering);
  const pool = candidates(rules, list, first.includes(DYNAMIC) ? null : first);
  for (const r of pool) if (r.bash && globMatches(r.bash, rendering)) return { rule: r, certain: true };
  if (dyn < 0) return null;
  const prefix = rendering.slice(0, dyn);
  const wide = prefix.includes(" ") ? pool : candidates(rules, list, null);
  for (const r of wide) if (r.bash && globPrefixViable(r.bash, prefix)) return { rule: r, certain: false };
  return null;
}

/** An allow rule for the command. Network programs need a rule that names the program: a
 * wildcard-first pattern or a bare `Bash` allow is not explicit enough. */
export function matchAllow(rules: CompiledRuleSet, rendering: string, network: boolean): CompiledRule | null {
  const first = firstWord(rendering);
  const named = rules.lists.allow.bashByWord.get(first) ?? [];
  for (const r of named) if (r.bash && globMatches(r.bash, rendering)) return r;
  if (network) return null;
  for (const r of rules.lists.allow.bashWild) if (r.bash && globMatches(r.bash, rendering)) return r;
  return rules.toolRules("allow", "Bash")[0] ?? null;
}

const restrictionCache = new WeakMap<CompiledRuleSet, boolean>();

/** Whether any deny/ask rule could concern a shell command (used by bypass mode, which may only
 * skip the analyser's caution when no such rule exists). */
export function hasShellRestrictions(rules: CompiledRuleSet): boolean {
  const hit = restrictionCache.get(rules);
  if (hit !== undefined) return hit;
  let r = false;
  for (const list of ["deny", "ask"] as const) {
    const idx = rules.lists[list];
    if (
      idx.bashByWord.size > 0 ||
      idx.bashWild.length > 0 ||
      idx.pathRead.length > 0 ||
      idx.pathEdit.length > 0
    )
      r = true;
    if (rules.toolRules(list, "Bash").length > 0 || (idx.param.get("Bash")?.length ?? 0) > 0) r = true;
  }
  restrictionCache.set(rules, r);
  return r;
}
