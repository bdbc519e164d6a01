// Node-side helper for callers (the daemon, tests): a `resolvePath` that returns the real path of
// the longest existing prefix plus the rest. Symlinks are followed component by component,
// dangling ones included (a write through a dangling link creates its target), and `..` is
// applied after resolving what precedes it, as the kernel does. The engine never imports this.
import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import { posix } from "node:path";
import type { ResolvePath } from "../types.js";

const MAX_LINKS = 40;

export function resolveRealPath(absPath: string): string {
  if (!absPath.startsWith("/")) throw new Error(`resolvePath needs an absolute path: ${absPath}`);
  // A path that exists all the way: realpath(3) gives the same answer as the walk below (links
  // followed, `..` applied after what precedes it, letter case fixed) in one call instead of an
  // lstat per component plus realpath. Anything it cannot resolve (a missing tail, a dangling
  // link, a loop, no search permission) takes the walk, which handles each of those.
  // existsSync first: a missing path (a credential store that is not there, a file about to be
  // written) would otherwise cost a thrown error, the most expensive part of resolving it.
  if (existsSync(absPath)) {
    try {
      return realpathSync.native(absPath);
    } catch {
      // Changed meanwhile, or no permission: the walk decides.
    }
  }
  return canonicalCase(walk(absPath, { links: 0 }));
}

/**
 * A resolver that remembers its answers (and failures) for the length of ONE permission
 * decision: a decision resolves the same paths several times (the engine's path views, the
 * credential-store guard's view of the same path, every store's real path). Never keep one
 * across decisions: links and files change between tool calls.
 */
export function decisionResolver(resolve: ResolvePath = resolveRealPath): ResolvePath {
  const seen = new Map<string, { real: string } | { error: unknown }>();
  return (absPath) => {
    let known = seen.get(absPath);
    if (!known) {
      try {
        known = { real: resolve(absPath) };
      } catch (error) {
        known = { error };
      }
      seen.set(absPath, known);
    }
    if ("error" in known) throw known.error;
    return known.real;
  };
}

function walk(absPath: string, budget: { links: number }): string {
  const parts = absPath.split("/");
  let cur = "/";
  for (let i = 0; i < parts.length; i++) {
    const comp = parts[i] ?? "";
    if (comp === "" || comp === ".") continue;
    if (comp === "..") {
      cur = posix.dirname(cur);
      continue;
    }
    const next = cur === "/" ? `/${comp}` : `${cur}/${comp}`;
    let isLink: boolean | undefined;
    try {
      isLink = lstatSync(next, { throwIfNoEntry: false })?.isSymbolicLink();
    } catch {
      // Not searchable (EACCES, ENOTDIR): treated as missing, as below.
    }
    // Missing from here on: nothing below can be a symlink, so the rest is lexical.
    if (isLink === undefined) return posix.normalize([next, ...parts.slice(i + 1)].join("/"));
    if (!isLink) {
      cur = next;
      continue;
    }
    if (++budget.links > MAX_LINKS) throw new Error(`too many symbolic links resolving ${absPath}`);
    const target = readlinkSync(next);
    cur = walk(target.startsWith("/") ? target : `${cur}/${target}`, budget);
  }
  return cur;
}

/** On case-insensitive filesystems the native realpath also fixes the letter case. */
function canonicalCase(p: string): string {
  let prefix = p;
  let rest = "";
  for (;;) {
    try {
      // Missing prefixes are skipped without the cost of a thrown error.
      if (existsSync(prefix)) {
        const real = realpathSync.native(prefix);
        return rest === "" ? real : posix.join(real, rest);
      }
    } catch {
      // Gone or unreadable between the two calls: try the parent, as for a missing one.
    }
    if (prefix === "/") return p;
    rest = rest === "" ? posix.basename(prefix) : posix.join(posix.basename(prefix), rest);
    prefix = posix.dirname(prefix);
  }
}

export const resolvePath: ResolvePath = resolveRealPath;
