// Node-side helper for callers (the daemon, tests): a `resolvePath` that returns the real path of
// the longest existing prefix plus the rest. Symlinks are followed component by component,
// dangling ones included (a write through a dangling link creates its target), and `..` is
// applied after resolving what precedes it, as the kernel does. The engine never imports this.
import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import { posix } from "node:path";
import type { ResolvePath } from "../types.js";

const MAX_LINKS = 40;

/** The file-system questions a resolution asks; a decision's resolver shares the answers. */
interface FsQuestions {
  exists(path: string): boolean;
  /** realpath(3); throws when it cannot resolve. */
  realpath(path: string): string;
  /** "link", "other", or undefined when missing (or not searchable). */
  kind(path: string): "link" | "other" | undefined;
  readlink(path: string): string;
}

const askTheDisk: FsQuestions = {
  exists: (path) => existsSync(path),
  realpath: (path) => realpathSync.native(path),
  kind(path) {
    try {
      const stat = lstatSync(path, { throwIfNoEntry: false });
      return stat ? (stat.isSymbolicLink() ? "link" : "other") : undefined;
    } catch {
      return undefined; // EACCES, ENOTDIR: treated as missing
    }
  },
  readlink: (path) => readlinkSync(path),
};

export function resolveRealPath(absPath: string): string {
  return resolveWith(absPath, askTheDisk);
}

function resolveWith(absPath: string, fs: FsQuestions): string {
  if (!absPath.startsWith("/")) throw new Error(`resolvePath needs an absolute path: ${absPath}`);
  // A path that exists all the way: realpath(3) gives the same answer as the walk below (links
  // followed, `..` applied after what precedes it, letter case fixed) in one call instead of an
  // lstat per component plus realpath. Anything it cannot resolve (a missing tail, a dangling
  // link, a loop, no search permission) takes the walk, which handles each of those.
  // exists first: a missing path (a credential store that is not there, a file about to be
  // written) would otherwise cost a thrown error, the most expensive part of resolving it.
  if (fs.exists(absPath)) {
    try {
      return fs.realpath(absPath);
    } catch {
      // Changed meanwhile, or no permission: the walk decides.
    }
  }
  return canonicalCase(walk(absPath, { links: 0 }, fs), fs);
}

/**
 * A resolver for ONE permission decision: it remembers its answers, and the file-system answers
 * behind them, for as long as the decision takes. A decision resolves the same paths several
 * times (the engine's path views, the credential-store guard's view of the same path, every
 * store's real path), and the stores share most of their folders. Never keep one across
 * decisions: links and files change between tool calls.
 */
export function decisionResolver(): ResolvePath {
  const fs: FsQuestions = {
    exists: remember(askTheDisk.exists),
    realpath: remember(askTheDisk.realpath),
    kind: remember(askTheDisk.kind),
    readlink: remember(askTheDisk.readlink),
  };
  return remember((absPath) => resolveWith(absPath, fs));
}

/** `ask`, answering each path once (a thrown error is remembered and thrown again). */
function remember<T>(ask: (path: string) => T): (path: string) => T {
  const answers = new Map<string, { value: T } | { error: unknown }>();
  return (path) => {
    let known = answers.get(path);
    if (!known) {
      try {
        known = { value: ask(path) };
      } catch (error) {
        known = { error };
      }
      answers.set(path, known);
    }
    if ("error" in known) throw known.error;
    return known.value;
  };
}

function walk(absPath: string, budget: { links: number }, fs: FsQuestions): string {
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
    const kind = fs.kind(next);
    // Missing from here on: nothing below can be a symlink, so the rest is lexical.
    if (kind === undefined) return posix.normalize([next, ...parts.slice(i + 1)].join("/"));
    if (kind === "other") {
      cur = next;
      continue;
    }
    if (++budget.links > MAX_LINKS) throw new Error(`too many symbolic links resolving ${absPath}`);
    const target = fs.readlink(next);
    cur = walk(target.startsWith("/") ? target : `${cur}/${target}`, budget, fs);
  }
  return cur;
}

/** On case-insensitive filesystems the native realpath also fixes the letter case. */
function canonicalCase(p: string, fs: FsQuestions): string {
  let prefix = p;
  let rest = "";
  for (;;) {
    try {
      // Missing prefixes are skipped without the cost of a thrown error.
      if (fs.exists(prefix)) {
        const real = fs.realpath(prefix);
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
