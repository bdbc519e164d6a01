// Path questions about shell words: where a word points (for every directory the shell may be in
// after a `cd` earlier in the same command), whether it stays inside the working directories,
// and whether `rm` would hit a critical path.
import { isCriticalPath } from "../paths/protected.js";
import { joinRaw, lexical } from "../paths/normalize.js";
import type { ShellAnalysis, SimpleCommand } from "../shell/analyse.js";
import { fileFacts } from "../shell/file-args.js";
import { basename, staticValue } from "../shell/wrappers.js";
import type { WordInfo } from "../shell/words.js";
import { type Env, type PathView, pathViews } from "./env.js";
import { inWorkDirs } from "./rule-match.js";

/** Directories the shell may be in when a command runs; `unknown` after a computed `cd`. */
export interface ShellDirs {
  dirs: string[];
  unknown: boolean;
}

/** The literal path a word names (globs: their directory prefix), or null if not knowable. */
export function wordPath(w: WordInfo, allowGlob: boolean): string | null {
  if (!w.isStatic || w.brace || w.tilde === "user" || w.anomaly) return null;
  if (!w.glob) return w.value;
  if (!allowGlob) return null;
  const segs = w.value.split("/");
  const at = segs.findIndex((s) => /[*?[]/.test(s));
  if (segs.slice(at).includes("..")) return null;
  const prefix = segs.slice(0, at).join("/");
  return prefix === "" ? (w.value.startsWith("/") ? "/" : ".") : prefix;
}

export function wordViews(env: Env, dirs: ShellDirs, path: string): PathView[] | null {
  if (dirs.unknown && !path.startsWith("/") && !path.startsWith("~")) return null;
  const r = pathViews(env, path, dirs.dirs);
  return r.ok ? r.views : null;
}

/** True when the word is a knowable path inside the working directories (link and target). */
export function wordInside(env: Env, dirs: ShellDirs, w: WordInfo, allowGlob: boolean): boolean {
  if (staticValue(w) === "-") return true; // stdin
  const p = wordPath(w, allowGlob);
  if (p === null) return false;
  const views = wordViews(env, dirs, p);
  return views !== null && inWorkDirs(env, views);
}

/** Applies a `cd` to the set of possible directories. */
export function afterCd(env: Env, dirs: ShellDirs, c: SimpleCommand): ShellDirs {
  const prog = c.unwrapped.inner.program;
  if (prog === null || c.raw.nested) return dirs;
  const name = basename(prog);
  if (name === "pushd" || name === "popd") return { dirs: dirs.dirs, unknown: true };
  if (name !== "cd") return dirs;
  const args = c.unwrapped.inner.words.slice(1).filter((w) => !/^-[LPe@]+$/.test(staticValue(w) ?? ""));
  const target = args[0];
  if (target === undefined) return { dirs: [...new Set([...dirs.dirs, env.home])], unknown: dirs.unknown };
  const p = wordPath(target, false);
  if (p === null || p === "-") return { dirs: dirs.dirs, unknown: true };
  const next =
    p === "~" || p.startsWith("~/")
      ? [lexical(joinRaw(env.home, p.slice(2)))]
      : dirs.dirs.map((d) => lexical(joinRaw(d, p)));
  return { dirs: [...new Set([...dirs.dirs, ...next])], unknown: dirs.unknown };
}

/** Why `rm`/`rmdir` (given as words, wrappers already stripped) hits a critical path, or null. */
export function criticalRm(env: Env, dirs: ShellDirs, words: WordInfo[]): string | null {
  const prog = staticValue(words[0]);
  if (prog === null) return null;
  const name = basename(prog);
  if (name !== "rm" && name !== "rmdir") return null;
  const facts = fileFacts(words);
  const operands = facts.writes;
  const options = facts.options;
  if (options.includes("--no-preserve-root")) return "rm --no-preserve-root";
  const recursive = options.some((o) => /^-[^-]*[rR]/.test(o) || o === "--recursive");
  const critical = (p: string) => {
    const views = wordViews(env, dirs, p);
    if (views === null) return true;
    const crit = { home: env.home, cwd: env.cwd, workingDirectories: [...env.workDirs, ...dirs.dirs] };
    return views.some((v) => isCriticalPath(v.lexical, crit) || isCriticalPath(v.real, crit));
  };
  for (const w of operands) {
    if (w.glob && w.isStatic && !w.brace) {
      const segs = w.value.split("/");
      const at = segs.findIndex((s) => /[*?[]/.test(s));
      const everything = /^\.?\*+$/.test(segs[at] ?? "");
      const parent = segs.slice(0, at).join("/") || (w.value.startsWith("/") ? "/" : ".");
      if (everything && critical(parent)) return `${name} ${w.raw} removes everything in ${parent}`;
      continue;
    }
    const p = wordPath(w, false);
    if (p === null) {
      if (recursive) return `${name} -r of a computed path (${w.raw})`;
      continue;
    }
    if (critical(p)) return `${name} of ${p}, a critical path`;
  }
  return null;
}

/** A critical-path `rm` anywhere in the command: top-level, nested, behind wrappers we do not look
 * through, or in inline scripts. Used where the per-part checks do not run (bypass mode). */
export function anyCriticalRm(env: Env, a: ShellAnalysis): string | null {
  const dirs: ShellDirs = { dirs: [env.cwd], unknown: false };
  for (const c of a.commands) {
    for (const words of [c.unwrapped.inner.words, ...c.hidden]) {
      const hit = criticalRm(env, dirs, words);
      if (hit) return hit;
    }
  }
  for (const sub of a.inline) {
    const hit = anyCriticalRm(env, sub);
    if (hit) return hit;
  }
  return null;
}
