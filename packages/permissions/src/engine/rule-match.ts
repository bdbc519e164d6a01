// Rule lookups that do not depend on the tool's grammar: bare tool names, tool-name globs,
// `Tool(param:value)` and simple specifiers. Also the path-rule checks shared by file tools and
// shell redirections.
import { own } from "../own.js";
import { insideAny } from "../paths/contain.js";
import type { CompiledRule, CompiledRuleSet } from "../rules/compile.js";
import { partsMatch } from "../rules/glob.js";
import { pathPatternMatches } from "../rules/match-path.js";
import { SPECIFIER_FIELDS } from "../rules/tools.js";
import type { RuleList } from "../types.js";
import type { Env, PathView } from "./env.js";

export function toolLevelRule(
  rules: CompiledRuleSet,
  list: RuleList,
  tool: string,
  input: Record<string, unknown>,
): CompiledRule | null {
  const bare = rules.toolRules(list, tool)[0];
  if (bare) return bare;
  for (const r of rules.lists[list].param.get(tool) ?? []) {
    const param = r.parsed.type === "param" ? r.parsed.param : "";
    const v = input[param];
    if (
      (typeof v === "string" || typeof v === "number" || typeof v === "boolean") &&
      r.parts !== undefined &&
      partsMatch(r.parts, String(v))
    )
      return r;
  }
  for (const r of rules.lists[list].specifier.get(tool) ?? []) {
    const fields = own(SPECIFIER_FIELDS, tool);
    if (!fields) {
      // A specifier we cannot interpret: deny/ask apply to the whole tool, allow to nothing.
      if (list !== "allow") return r;
      continue;
    }
    if (
      fields.some(
        (f) =>
          typeof input[f] === "string" && r.parts !== undefined && partsMatch(r.parts, input[f] as string),
      )
    )
      return r;
  }
  return null;
}

/** A deny/ask path rule matching the link or the target of any view (either is enough). */
export function pathRuleAny(
  env: Env,
  rules: CompiledRuleSet,
  list: "deny" | "ask",
  family: "read" | "edit",
  views: readonly PathView[],
): CompiledRule | null {
  const idx = rules.lists[list];
  const candidates = family === "edit" ? [...idx.pathEdit, ...idx.pathRead] : idx.pathRead;
  for (const r of candidates) {
    if (!r.path) continue;
    for (const v of views) {
      if (
        pathPatternMatches(r.path, v.lexical, env.denyMatch) ||
        pathPatternMatches(r.path, v.real, env.denyMatch)
      )
        return r;
    }
  }
  return null;
}

/** An allow path rule covering both the link and the target of every view. */
export function pathAllowAll(
  env: Env,
  rules: CompiledRuleSet,
  family: "read" | "edit",
  views: readonly PathView[],
): CompiledRule | null {
  const candidates = family === "edit" ? rules.lists.allow.pathEdit : rules.lists.allow.pathRead;
  let first: CompiledRule | null = null;
  for (const v of views) {
    if (v.unresolved) return null;
    for (const p of [v.lexical, v.real]) {
      const hit = candidates.find((r) => r.path && pathPatternMatches(r.path, p, env.allowMatch));
      if (!hit) return null;
      first ??= hit;
    }
  }
  return first;
}

export function inWorkDirs(env: Env, views: readonly PathView[]): boolean {
  return views.every(
    (v) => !v.unresolved && insideAny(v.lexical, env.workDirs) && insideAny(v.real, env.workDirs),
  );
}
