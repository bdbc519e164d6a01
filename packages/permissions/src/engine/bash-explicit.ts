// What an allow rule the team wrote explicitly lets through although the analyser alone would ask:
// a command identical to an exact rule, and a launcher (`open`, `source`) the rule names. Deny and
// ask rules have been checked before either applies; when the analyser could not fully understand
// the command, a deny/ask rule that might concern its text still makes it ask (fail closed).
import type { CompiledRule, CompiledRuleSet } from "../rules/compile.js";
import type { ShellAnalysis } from "../shell/analyse.js";
import type { Issue } from "../shell/model.js";
import { basename } from "../shell/wrappers.js";
import { allowRenderings, matchAllowCommand } from "./bash-rules.js";

/** An allow rule whose text (no wildcard) is exactly the command, whitespace at the ends aside. */
export function exactAllowRule(rules: CompiledRuleSet, command: string): CompiledRule | null {
  return rules.lists.allow.bashExact.get(command.trim()) ?? null;
}

/** The issues left once launchers named by an explicit allow rule are set aside. */
export function unwaivedIssues(
  a: ShellAnalysis,
  issues: Issue[],
  rules: CompiledRuleSet,
  home: string,
): Issue[] {
  const waived = new Set<Issue>();
  for (const c of a.commands) {
    if (c.raw.nested) continue;
    const program = c.unwrapped.inner.program;
    const mine = c.issues.filter((i) => i.launcher !== undefined && i.launcher === basename(program ?? ""));
    if (mine.length === 0) continue;
    // `network: true` restricts the match to rules whose first word names the program.
    if (matchAllowCommand(rules, allowRenderings(c, home), true)) for (const i of mine) waived.add(i);
  }
  return issues.filter((i) => !waived.has(i));
}

const EXPANSION = /[$`*?[{~]/;

/** A deny/ask rule that could concern a command the analyser did not fully understand, judged on
 * its text: a Bash rule whose program name appears in it once quotes and backslashes are dropped
 * (compared ignoring case), any expansion character at all, a rule without a literal program, or
 * any Read/Edit rule (a recursive search reads files without naming them). */
export function restrictionOnText(rules: CompiledRuleSet, command: string): CompiledRule | null {
  const squashed = command.replace(/['"\\]/g, "").toLowerCase();
  for (const list of ["deny", "ask"] as const) {
    const idx = rules.lists[list];
    const broad =
      idx.bashWild[0] ??
      rules.toolRules(list, "Bash")[0] ??
      idx.param.get("Bash")?.[0] ??
      idx.pathRead[0] ??
      idx.pathEdit[0];
    if (broad) return broad;
    for (const [word, hits] of idx.bashByWord) {
      if (EXPANSION.test(command) || squashed.includes(basename(word.replace(/['"\\]/g, "")).toLowerCase()))
        return hits[0] ?? null;
    }
  }
  return null;
}
