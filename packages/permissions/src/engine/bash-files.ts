// Read/Edit rules applied to the files a shell command touches: arguments of known file commands
// (cat, cp, sed -i, tee ...), redirection targets and `<` inputs, nested and inline commands
// included. A glob argument may expand to a denied file, so it counts as a possible match.
import type { CompiledRule, CompiledRuleSet } from "../rules/compile.js";
import type { ShellAnalysis, SimpleCommand } from "../shell/analyse.js";
import { fileFacts } from "../shell/file-args.js";
import type { Redirect } from "../shell/model.js";
import type { WordInfo } from "../shell/words.js";
import { afterCd, type ShellDirs, wordPath, wordViews } from "./bash-paths.js";
import type { Env } from "./env.js";
import { pathRuleAny } from "./rule-match.js";

export interface PathRuleHit {
  rule: CompiledRule;
  /** False when only a glob's expansion could match. */
  certain: boolean;
}

export function filePathRule(
  a: ShellAnalysis,
  env: Env,
  rules: CompiledRuleSet,
  list: "deny" | "ask",
): PathRuleHit | null {
  let dirs: ShellDirs = { dirs: [env.cwd], unknown: false };
  const idx = rules.lists[list];
  const check = (family: "read" | "edit", w: WordInfo): PathRuleHit | null => {
    const path = wordPath(w, true);
    if (path === null) return null;
    const views = wordViews(env, { dirs: dirs.dirs, unknown: false }, path);
    const hit = views ? pathRuleAny(env, rules, list, family, views) : null;
    if (hit) return { rule: hit, certain: true };
    const any = w.glob
      ? family === "edit"
        ? (idx.pathEdit[0] ?? idx.pathRead[0])
        : idx.pathRead[0]
      : undefined;
    return any ? { rule: any, certain: false } : null;
  };
  const redirectHit = (r: Redirect) => {
    if (!r.target) return null;
    if (r.kind === "read") return check("read", r.target);
    if (r.kind === "write" || r.kind === "readwrite") return check("edit", r.target);
    return null;
  };
  const visit = (cmds: SimpleCommand[], groups: Redirect[]): PathRuleHit | null => {
    let possible: PathRuleHit | null = null;
    const consider = (h: PathRuleHit | null) => {
      if (h?.certain) possible = h;
      else possible ??= h;
      return h?.certain === true;
    };
    for (const c of cmds) {
      const facts = fileFacts(c.unwrapped.inner.words);
      for (const w of facts.reads) if (consider(check("read", w))) return possible;
      for (const w of facts.writes) if (consider(check("edit", w))) return possible;
      for (const r of c.raw.redirects) if (consider(redirectHit(r))) return possible;
      dirs = afterCd(env, dirs, c);
    }
    for (const r of groups) if (consider(redirectHit(r))) return possible;
    return possible;
  };
  let best = visit(a.commands, a.groupRedirects);
  for (const sub of a.inline) {
    if (best?.certain) break;
    dirs = { dirs: [env.cwd], unknown: false };
    best = visit(sub.commands, sub.groupRedirects) ?? best;
  }
  return best;
}
