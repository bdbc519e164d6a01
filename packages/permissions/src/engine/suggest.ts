// "Always allow" rule suggestions. Bash: one rule per sub-command that needed approval, exact when
// short, else `program subcommand *`; never a bare `program *` for programs where that would allow
// anything (rm, interpreters, shells ...), and never for commands asked for safety reasons.
import { compileBashGlob, DYNAMIC, globMatches } from "../rules/glob.js";
import { normalizeBashPattern } from "../rules/parse.js";
import type { SimpleCommand } from "../shell/analyse.js";
import { isPlain } from "../shell/quote.js";
import { basename, staticValue } from "../shell/wrappers.js";
import type { Decision, PartDecision, ToolRequest } from "../types.js";

const EXACT_MAX = 80;
const MAX_RULES = 5;
const NO_BARE_PREFIX = new Set([
  "rm",
  "mv",
  "cp",
  "dd",
  "chmod",
  "chown",
  "chgrp",
  "ln",
  "find",
  "xargs",
  "sudo",
  "su",
  "doas",
  "env",
  "eval",
  "exec",
  "bash",
  "sh",
  "zsh",
  "dash",
  "ksh",
  "fish",
  "python",
  "python3",
  "node",
  "perl",
  "ruby",
  "php",
  "deno",
  "bun",
  "awk",
  "sed",
  "tee",
  "truncate",
  "shred",
  "kill",
  "pkill",
  "killall",
  "git",
  "docker",
  "kubectl",
  "npx",
  "curl",
  "wget",
]);
const SUBWORD = /^[A-Za-z0-9][A-Za-z0-9:._@-]*$/;

function matches(rule: string, rendering: string): boolean {
  const spec = rule.slice(5, -1);
  return globMatches(compileBashGlob(normalizeBashPattern(spec)), rendering);
}

export function suggestBashRule(c: SimpleCommand, rendering: string, network: boolean): string | undefined {
  if (!rendering.includes(DYNAMIC) && !rendering.includes("*") && rendering.length <= EXACT_MAX) {
    const exact = `Bash(${rendering})`;
    if (matches(exact, rendering)) return exact;
  }
  if (network) return undefined;
  const words = c.unwrapped.inner.words;
  const program = staticValue(words[0]);
  if (program === null || !isPlain(program)) return undefined;
  const prefix = [program];
  for (const w of words.slice(1, 3)) {
    const v = staticValue(w);
    if (v === null || !SUBWORD.test(v)) break;
    prefix.push(v);
  }
  if (
    prefix.length === 1 &&
    (NO_BARE_PREFIX.has(basename(program)) || /^python[0-9.]*$/.test(basename(program)))
  )
    return undefined;
  const lead = c.assignments.length > 0 ? rendering.slice(0, rendering.indexOf(program)) : "";
  const rule = `Bash(${lead}${prefix.join(" ")} *)`;
  return matches(rule, rendering) ? rule : undefined;
}

/** Rules to persist for a decision: empty when "always allow" is not possible. */
export function bashSuggestions(parts: PartDecision[]): string[] {
  const asked = parts.filter((p) => p.behavior === "ask");
  if (asked.length === 0 || asked.some((p) => !p.suggestion)) return [];
  const rules = [...new Set(asked.map((p) => p.suggestion as string))];
  return rules.slice(0, MAX_RULES);
}

export function suggestRulesFor(_request: ToolRequest, decision: Decision): string[] {
  if (decision.behavior !== "ask") return [];
  return [...(decision.suggestions ?? [])].slice(0, MAX_RULES);
}
