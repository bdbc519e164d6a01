// File tools: Read/Glob/Grep/LS/NotebookRead (reads) and Write/Edit/MultiEdit/NotebookEdit
// (edits). Order: deny → ask → protected paths → mode → allow rules → working directories.
import { protectedReason } from "../paths/protected.js";
import type { CompiledRuleSet } from "../rules/compile.js";
import { READ_TOOLS } from "../rules/tools.js";
import type { Decision } from "../types.js";
import { escapePathForRule } from "../rules/match-path.js";
import { type Env, type PathView, pathViews } from "./env.js";
import { hardLinkReason } from "./hard-links.js";
import { applyAskMode, byMode, byRule, bySafety, readOnlyDefault } from "./reasons.js";
import { inWorkDirs, pathAllowAll, pathRuleAny, toolLevelRule } from "./rule-match.js";

const GLOB_CHARS = /[*?[{]/;

/** The path a file tool touches, or an error text. Glob patterns contribute their literal prefix. */
function toolPath(tool: string, input: Record<string, unknown>, env: Env): string | { error: string } {
  const key =
    tool === "NotebookEdit" || tool === "NotebookRead"
      ? "notebook_path"
      : ["Read", "Write", "Edit", "MultiEdit"].includes(tool)
        ? "file_path"
        : "path";
  const raw = input[key] ?? input.file_path ?? input.path;
  if (raw !== undefined && typeof raw !== "string") return { error: `${key} is not a string` };
  if (
    (raw === undefined || raw === "") &&
    ["Read", "Write", "Edit", "MultiEdit", "NotebookEdit", "NotebookRead"].includes(tool)
  ) {
    return { error: `${key} is missing` };
  }
  const base = raw === undefined || raw === "" ? env.cwd : raw;
  if (tool !== "Glob" || typeof input.pattern !== "string") return base;
  const segs = input.pattern.split("/");
  const firstGlob = segs.findIndex((s) => GLOB_CHARS.test(s));
  if (firstGlob >= 0 && segs.slice(firstGlob).includes(".."))
    return { error: "glob pattern climbs out with .." };
  const prefix = (firstGlob < 0 ? segs.slice(0, -1) : segs.slice(0, firstGlob)).join("/");
  if (input.pattern.startsWith("/")) return prefix === "" ? "/" : prefix;
  return prefix === "" ? base : `${base.replace(/\/$/, "")}/${prefix}`;
}

export function decideFileTool(
  tool: string,
  input: Record<string, unknown>,
  env: Env,
  rules: CompiledRuleSet,
): Decision {
  const family = READ_TOOLS.has(tool) ? "read" : "edit";
  const what = family === "read" ? `Reading with ${tool}` : `Editing with ${tool}`;
  const mode = env.ctx.mode;
  const toolDeny = toolLevelRule(rules, "deny", tool, input);
  if (toolDeny) return byRule("deny", toolDeny, what);
  const path = toolPath(tool, input, env);
  if (typeof path !== "string") return applyAskMode(bySafety("ask", "invalid-input", path.error, what), mode);
  const viewsResult = pathViews(env, path);
  if (!viewsResult.ok) {
    const behavior = viewsResult.check === "nul-byte" ? "deny" : "ask";
    return applyAskMode(bySafety(behavior, viewsResult.check, viewsResult.detail, what), mode);
  }
  const d = decidePath(
    family,
    `${what} ${path}`,
    viewsResult.views,
    env,
    rules,
    toolLevelRule(rules, "ask", tool, input) ?? undefined,
    toolLevelRule(rules, "allow", tool, input) ?? undefined,
  );
  return d.behavior === "ask"
    ? { ...d, suggestions: pathSuggestions(family, tool, d, viewsResult.views) }
    : d;
}

/** "Always allow" for a file: the exact file for edits, its directory for reads (both the link
 * and the target when they differ, since an allow needs both). Never for safety asks other than
 * "outside the working directories". */
function pathSuggestions(family: "read" | "edit", tool: string, d: Decision, views: PathView[]): string[] {
  const r = d.reason;
  const persistable = r.kind === "no-match" || (r.kind === "safety" && r.check === "outside-working-dirs");
  if (!persistable || views.some((v) => v.unresolved)) return [];
  const paths = new Set(views.flatMap((v) => [v.lexical, v.real]));
  const isDir = tool === "Glob" || tool === "Grep" || tool === "LS";
  return [...paths].map((p) => {
    if (family === "edit") return `Edit(/${escapePathForRule(p)})`;
    const dir = isDir ? p : p.slice(0, p.lastIndexOf("/")) || "/";
    return `Read(/${escapePathForRule(dir)}${dir === "/" ? "" : "/"}**)`;
  });
}

/** Shared by file tools and shell redirections/file arguments. */
export function decidePath(
  family: "read" | "edit",
  what: string,
  views: PathView[],
  env: Env,
  rules: CompiledRuleSet,
  toolAsk?: import("../rules/compile.js").CompiledRule,
  toolAllow?: import("../rules/compile.js").CompiledRule,
): Decision {
  const mode = env.ctx.mode;
  const deny = pathRuleAny(env, rules, "deny", family, views);
  if (deny) return byRule("deny", deny, what);
  const ask = toolAsk ?? pathRuleAny(env, rules, "ask", family, views);
  if (ask) return applyAskMode(byRule("ask", ask, what), mode);
  if (family === "edit") {
    const prot = views
      .map((v) => protectedReason(v.lexical, env.ci) ?? protectedReason(v.real, env.ci))
      .find((r) => r);
    if (prot) {
      if (mode === "bypassPermissions") return byMode("allow", mode, what);
      return applyAskMode(bySafety(mode === "plan" ? "deny" : "ask", "protected-path", prot, what), mode);
    }
    const linked = mode === "bypassPermissions" ? null : hardLinkReason(env, views);
    if (linked)
      return applyAskMode(bySafety(mode === "plan" ? "deny" : "ask", "hard-link", linked, what), mode);
  }
  if (mode === "bypassPermissions") return byMode("allow", mode, what);
  if (mode === "plan" && family === "edit") return byMode("deny", mode, what);
  const inside = inWorkDirs(env, views);
  const allow = pathAllowAll(env, rules, family, views);
  if (allow) return byRule("allow", allow, what);
  // A bare `Read`/`Edit` allow is not specific about paths: it covers the working directories only.
  if (toolAllow && inside) return byRule("allow", toolAllow, what);
  if (inside && family === "read") return readOnlyDefault(what);
  if (inside && mode === "acceptEdits") return byMode("allow", mode, what);
  if (!inside) {
    return applyAskMode(
      bySafety("ask", "outside-working-dirs", "the path is outside the working directories", what),
      mode,
    );
  }
  return applyAskMode(
    { behavior: "ask", reason: { kind: "no-match" }, message: `${what} needs approval.` },
    mode,
  );
}
