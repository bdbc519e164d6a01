// Per-decision view of the context: normalised working directories, case sensitivity, and path
// views (the path as written and its real target) built through the caller's resolvePath.
import { absoluteCandidates, joinRaw, lexical } from "../paths/normalize.js";
import type { PathMatchEnv } from "../rules/match-path.js";
import type { PermissionContext, SafetyCheck } from "../types.js";

export interface Env {
  ctx: PermissionContext;
  /** Deny/protected matching ignores case where the filesystem usually does (macOS, Windows). */
  ci: boolean;
  workDirs: string[];
  cwd: string;
  home: string;
  denyMatch: PathMatchEnv;
  allowMatch: PathMatchEnv;
}

export interface PathView {
  lexical: string;
  real: string;
  /** resolvePath failed: the real target is unknown, so nothing may be allowed on this path. */
  unresolved: boolean;
}

export type ViewsResult = { ok: true; views: PathView[] } | { ok: false; check: SafetyCheck; detail: string };

/** Built per decision (not cached): callers may reuse and mutate one context object. */
export function envFor(ctx: PermissionContext): Env {
  const ci = ctx.platform === "darwin" || ctx.platform === "win32";
  const cwd = lexical(ctx.cwd);
  const home = lexical(ctx.homeDir);
  const workDirs = ctx.workingDirectories.map(lexical);
  for (const d of ctx.additionalDirectories ?? []) {
    try {
      workDirs.push(lexical(ctx.resolvePath(joinRaw(cwd, d))));
    } catch {
      // An additional directory that cannot be resolved grants nothing.
    }
  }
  const env: Env = {
    ctx,
    ci,
    workDirs,
    cwd,
    home,
    denyMatch: { cwd, home, caseInsensitive: ci },
    allowMatch: { cwd, home, caseInsensitive: false },
  };
  return env;
}

/** Views of `input` relative to each candidate working directory of the shell (one unless a
 * compound command changed directory). */
export function pathViews(env: Env, input: string, cwds: readonly string[] = [env.cwd]): ViewsResult {
  const views: PathView[] = [];
  for (const cwd of cwds) {
    const abs = absoluteCandidates(input, cwd, env.home, env.ctx.platform);
    if (!abs.ok) return abs;
    for (const raw of abs.paths) {
      const lex = lexical(raw);
      try {
        views.push({ lexical: lex, real: lexical(env.ctx.resolvePath(raw)), unresolved: false });
      } catch {
        views.push({ lexical: lex, real: lex, unresolved: true });
      }
    }
  }
  return { ok: true, views };
}
