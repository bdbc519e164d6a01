// Bash decisions. Order: deny rules (any spelling of any sub-command, nested ones included) →
// Read/Edit deny on files the command touches → ask rules → analyser safety issues → one verdict
// per sub-command and per redirect target; every part must be allowed for the command to be.
import type { CompiledRuleSet } from "../rules/compile.js";
import { allIssues, type ShellAnalysis } from "../shell/analyse.js";
import { analyseShellCached } from "../shell/analysis-cache.js";
import { describeShell } from "../shell/describe.js";
import { canonicalQuote } from "../shell/quote.js";
import type { Issue, Redirect } from "../shell/model.js";
import type { BashParser } from "../shell/parser.js";
import type { CommandDescription, Decision, PartDecision } from "../types.js";
import { decideCommandPart, decideRedirectPart } from "./bash-part.js";
import { afterCd, anyCriticalRm, type ShellDirs } from "./bash-paths.js";
import { denyRenderings, hasShellRestrictions, matchDenyOrAsk } from "./bash-rules.js";
import { combineParts } from "./combine.js";
import type { Env } from "./env.js";
import { applyAskMode, byMode, byRule, bySafety } from "./reasons.js";
import { toolLevelRule } from "./rule-match.js";
import { filePathRule } from "./bash-files.js";
import { exactAllowRule, restrictionOnText, unwaivedIssues } from "./bash-explicit.js";
import { bashSuggestions } from "./suggest.js";

export function decideBash(
  input: Record<string, unknown>,
  env: Env,
  rules: CompiledRuleSet,
  parser: BashParser,
): Decision {
  const mode = env.ctx.mode;
  const toolDeny = toolLevelRule(rules, "deny", "Bash", input);
  if (toolDeny) return byRule("deny", toolDeny, "Running shell commands");
  const command = input.command;
  if (typeof command !== "string")
    return applyAskMode(bySafety("ask", "invalid-input", "command is not a string", "The Bash call"), mode);
  const a = analyseShellCached(parser, command, env.home);
  const description = describeShell(a);
  const what = `The command ${quote(command)}`;
  const withDesc = (d: Decision): Decision => ({ ...d, description });

  // The whole text too, so rules written for a pipeline or a redirect (`Bash(curl * | bash*)`,
  // `Bash(> /etc/passwd)`) refuse what their authors meant; this can only add refusals.
  const whole = command.trim().split(/\s+/);
  const renderings = [...denyRenderings(a, env.home), whole.join(" "), whole.map(canonicalQuote).join(" ")];
  let possible: { rule: import("../rules/compile.js").CompiledRule } | null = null;
  for (const r of renderings) {
    const hit = matchDenyOrAsk(rules, "deny", r);
    if (hit?.certain) return withDesc(byRule("deny", hit.rule, what));
    possible ??= hit;
  }
  const pathDeny = filePathRule(a, env, rules, "deny");
  if (pathDeny?.certain) return withDesc(byRule("deny", pathDeny.rule, what));
  possible ??= pathDeny;

  const toolAsk = toolLevelRule(rules, "ask", "Bash", input);
  if (toolAsk) return withDesc(applyAskMode(byRule("ask", toolAsk, what), mode));
  for (const r of renderings) {
    const hit = matchDenyOrAsk(rules, "ask", r);
    if (hit) return withDesc(applyAskMode(byRule("ask", hit.rule, what), mode));
  }
  const pathAsk = filePathRule(a, env, rules, "ask");
  if (pathAsk) return withDesc(applyAskMode(byRule("ask", pathAsk.rule, what), mode));
  if (possible) {
    const detail = `a deny rule ("${possible.rule.rule.text}") may match once the command's variables or globs are expanded`;
    return withDesc(applyAskMode(bySafety("ask", "possible-deny-match", detail, what), mode));
  }

  const exact = mode === "plan" ? null : exactAllowRule(rules, command);
  if (exact) {
    const critical = anyCriticalRm(env, a);
    if (critical) return withDesc(applyAskMode(bySafety("ask", "critical-path", critical, what), mode));
    if (allIssues(a).length === 0 || !restrictionOnText(rules, command))
      return withDesc(byRule("allow", exact, what));
  }

  const issues = dedupe(unwaivedIssues(a, allIssues(a), rules, env.home));
  const first = issues[0];
  if (first) {
    if (mode === "bypassPermissions" && !hasShellRestrictions(rules)) {
      const critical = anyCriticalRm(env, a);
      if (critical) return withDesc(bySafety("ask", "critical-path", critical, what));
      return withDesc(byMode("allow", mode, what));
    }
    const d = bySafety(mode === "plan" ? "deny" : "ask", first.check, first.detail, what);
    return withDesc(
      applyAskMode(
        issues.length > 1
          ? {
              ...d,
              message: `${d.message} (${issues.length - 1} more concern${issues.length > 2 ? "s" : ""})`,
            }
          : d,
        mode,
      ),
    );
  }

  const parts = decideParts(a, env, rules);
  return finish(combineParts(parts, what, mode), parts, description);
}

function finish(d: Decision, parts: PartDecision[], description: CommandDescription): Decision {
  const out: Decision = { ...d, description, parts };
  if (d.behavior === "ask") out.suggestions = bashSuggestions(parts);
  return out;
}

function decideParts(a: ShellAnalysis, env: Env, rules: CompiledRuleSet): PartDecision[] {
  const parts: PartDecision[] = [];
  let dirs: ShellDirs = { dirs: [env.cwd], unknown: false };
  for (const c of a.commands) {
    if (c.raw.nested) continue;
    parts.push(decideCommandPart(c, dirs, env, rules));
    for (const r of c.raw.redirects) pushRedirect(parts, r, dirs, env, rules);
    dirs = afterCd(env, dirs, c);
  }
  for (const r of a.groupRedirects) pushRedirect(parts, r, dirs, env, rules);
  return parts;
}

function pushRedirect(
  parts: PartDecision[],
  r: Redirect,
  dirs: ShellDirs,
  env: Env,
  rules: CompiledRuleSet,
): void {
  if (r.nested) return;
  const p = decideRedirectPart(r, dirs, env, rules);
  if (p) parts.push(p);
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.check}\u0000${i.detail.replace(/^command substitution (in )?/, "")}`;
    if (seen.has(key) || (seen.has(`${i.check}`) && i.check === "command-substitution")) return false;
    seen.add(key);
    seen.add(i.check);
    return true;
  });
}

function quote(command: string): string {
  const one = command.replace(/\s+/g, " ").trim();
  return `"${one.length > 80 ? `${one.slice(0, 79)}…` : one}"`;
}
