// Recursive reads against Read deny/ask rules: `grep -r . `, `rg`, `find -exec cat`, `tar c .`
// from the project root read a denied `secrets/` without naming it. A command that reads a
// directory tree containing (or inside) a denied pattern's subtree meets that rule.
import { isInside } from "../paths/contain.js";
import type { CompiledRule, CompiledRuleSet } from "../rules/compile.js";
import { patternBase } from "../rules/match-path.js";
import type { SimpleCommand } from "../shell/analyse.js";
import { basename, staticValue } from "../shell/wrappers.js";
import type { ShellDirs } from "./bash-paths.js";
import { type Env, pathViews } from "./env.js";

/** The directory trees the command reads recursively (as written; "." when implied), or null when
 * it reads none. */
function recursiveRoots(c: SimpleCommand): (string | null)[] | null {
  const [head, ...rest] = c.unwrapped.inner.words;
  const prog = basename(staticValue(head) ?? "");
  const args = rest.map(staticValue);
  const positional = (skipFirst: boolean) => {
    const out: (string | null)[] = [];
    let first = skipFirst && !args.some((a) => a === "-e" || a === "-f" || a?.startsWith("--regexp"));
    let options = true;
    for (const a of args) {
      if (a === "--" && options) {
        options = false;
        continue;
      }
      if (a !== null && options && a.startsWith("-")) continue;
      if (first) {
        first = false;
        continue;
      }
      out.push(a);
    }
    return out.length > 0 ? out : ["."];
  };
  if (/^(grep|egrep|fgrep)$/.test(prog)) {
    const recursive = args.some(
      (a) =>
        a !== null &&
        (/^-[A-Za-z]*[rR]/.test(a) ||
          a === "--recursive" ||
          a === "--dereference-recursive" ||
          a === "--directories=recurse"),
    );
    return recursive ? positional(true) : null;
  }
  if (/^(rg|ag|ack|ack-grep)$/.test(prog)) return positional(!args.includes("--files"));
  if (prog === "find") {
    const roots: (string | null)[] = [];
    for (const a of args) {
      if (a === null || a.startsWith("-") || a === "(" || a === "!") break;
      roots.push(a);
    }
    return roots.length > 0 ? roots : ["."];
  }
  if (prog === "tar" || prog === "bsdtar") {
    const create = args.some(
      (a) => a !== null && (/^-?[A-Za-z]*[cru]/.test(a) || a === "--create" || a === "--append"),
    );
    return create ? positional(false) : null;
  }
  if (/^(zip|cp|rsync|scp)$/.test(prog)) {
    const recursive = args.some(
      (a) => a !== null && (/^-[A-Za-z]*[rRa]/.test(a) || a === "--recursive" || a === "--archive"),
    );
    return recursive ? positional(false) : null;
  }
  return null;
}

/** A Read deny (or ask) rule whose subtree the command's recursive reads reach. */
export function recursiveReadRule(
  c: SimpleCommand,
  dirs: ShellDirs,
  env: Env,
  rules: CompiledRuleSet,
  list: "deny" | "ask",
): CompiledRule | null {
  const pathRules = rules.lists[list].pathRead;
  if (pathRules.length === 0) return null;
  const roots = recursiveRoots(c);
  if (roots === null) return null;
  for (const r of pathRules) {
    if (!r.path) continue;
    const base = patternBase(r.path, env.denyMatch);
    if (base === null) return r;
    for (const root of roots) {
      if (root === null || dirs.unknown) return r;
      const views = pathViews(env, root, dirs.dirs);
      if (!views.ok) return r;
      for (const v of views.views) {
        for (const p of [v.lexical, v.real])
          if (isInside(base, p, env.ci) || isInside(p, base, env.ci)) return r;
      }
    }
  }
  return null;
}
