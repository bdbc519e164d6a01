// The analysis of a command is a pure function of its text and the home directory (no file
// system, no environment), so a command the model runs again (`ls`, `git status`, the test
// command) is parsed once, not on every call. Only the analysis is kept: the decision itself,
// which depends on rules, mode, working directories and the file system, is made afresh each time.
import { analyseShell, type ShellAnalysis } from "./analyse.js";
import type { BashParser } from "./parser.js";

/** Commands remembered per parser; the oldest is dropped first. */
const MAX_ENTRIES = 128;
/** Longer commands (heredocs, scripts) are rarely repeated and are analysed every time. */
const MAX_CACHED_LENGTH = 2_000;

const caches = new WeakMap<BashParser, Map<string, ShellAnalysis>>();

/**
 * `analyseShell(parser, source, 0, home)`, remembered. The result is deeply frozen: it is shared
 * between decisions, so a caller that changed it would change the next decision; with the
 * freeze it throws instead (and the engine's decision fails closed).
 */
export function analyseShellCached(parser: BashParser, source: string, home?: string): ShellAnalysis {
  if (source.length > MAX_CACHED_LENGTH) return analyseShell(parser, source, 0, home);
  let cache = caches.get(parser);
  if (!cache) {
    cache = new Map();
    caches.set(parser, cache);
  }
  const key = `${home ?? ""}\u0000${source}`;
  const hit = cache.get(key);
  if (hit) {
    // Most recently used last (Map keeps insertion order).
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const analysis = deepFreeze(analyseShell(parser, source, 0, home));
  cache.set(key, analysis);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return analysis;
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}
