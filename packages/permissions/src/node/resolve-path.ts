// Node-side helper for callers (the daemon, tests): a `resolvePath` that returns the real path of
// the longest existing prefix plus the rest. Symlinks are followed component by component,
// dangling ones included (a write through a dangling link creates its target), and `..` is
// applied after resolving what precedes it, as the kernel does. The engine never imports this.
import { lstatSync, readlinkSync, realpathSync } from "node:fs";
import { posix } from "node:path";
import type { ResolvePath } from "../types.js";

const MAX_LINKS = 40;

export function resolveRealPath(absPath: string): string {
  if (!absPath.startsWith("/")) throw new Error(`resolvePath needs an absolute path: ${absPath}`);
  return canonicalCase(walk(absPath, { links: 0 }));
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
    let isLink: boolean;
    try {
      isLink = lstatSync(next).isSymbolicLink();
    } catch {
      // Missing from here on: nothing below can be a symlink, so the rest is lexical.
      return posix.normalize([next, ...parts.slice(i + 1)].join("/"));
    }
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
      const real = realpathSync.native(prefix);
      return rest === "" ? real : posix.join(real, rest);
    } catch {
      if (prefix === "/") return p;
      rest = rest === "" ? posix.basename(prefix) : posix.join(posix.basename(prefix), rest);
      prefix = posix.dirname(prefix);
    }
  }
}

export const resolvePath: ResolvePath = resolveRealPath;
