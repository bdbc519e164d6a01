// Glob matching for Bash rule patterns (2026 semantics): `*` matches any run of characters,
// spaces included; a trailing " *" is a word boundary, so `ls *` matches `ls` and `ls -la` but
// not `lsof`. Patterns are pre-split into literal parts; a wildcard sits between two parts.

/** Stands for a dynamic word (a variable, a glob result...) in a rendered command. It never
 * occurs in rule text (control characters are rejected there), so only `*` can match it. */
export const DYNAMIC = "\u0000";
/** Marks an unquoted `*` of a rule pattern after quote normalisation. */
export const WILDCARD = "\u0001";

export interface BashGlob {
  /** Literal pieces; a wildcard sits between each consecutive pair. */
  parts: string[];
  /** When the pattern ends in " *": the text before it, which also matches on its own. */
  boundaryBase?: string;
}

export function compileBashGlob(normalized: string): BashGlob {
  const parts = normalized.split(WILDCARD);
  const glob: BashGlob = { parts };
  if (parts.length >= 2 && parts[parts.length - 1] === "" && (parts[parts.length - 2] ?? "").endsWith(" ")) {
    glob.boundaryBase = normalized.slice(0, -2);
  }
  return glob;
}

/** Linear-time `*`-glob match over pre-split literal parts (no regex backtracking). */
export function partsMatch(parts: string[], s: string): boolean {
  const first = parts[0] ?? "";
  if (parts.length === 1) return s === first;
  const last = parts[parts.length - 1] ?? "";
  if (s.length < first.length + last.length) return false;
  if (!s.startsWith(first) || !s.endsWith(last)) return false;
  // Leftmost placement of each middle piece is optimal for `*`-only globs.
  let pos = first.length;
  const end = s.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const piece = parts[i] ?? "";
    const at = s.indexOf(piece, pos);
    if (at < 0 || at + piece.length > end) return false;
    pos = at + piece.length;
  }
  return true;
}

export function globMatches(glob: BashGlob, s: string): boolean {
  if (glob.boundaryBase !== undefined && s === glob.boundaryBase) return true;
  return partsMatch(glob.parts, s);
}

/** True when some completion of `prefix` could match: used when a command contains a dynamic word
 * and a deny/ask rule might match whatever the word turns out to be. */
export function globPrefixViable(glob: BashGlob, prefix: string): boolean {
  const first = glob.parts[0] ?? "";
  if (glob.parts.length === 1) return first.startsWith(prefix);
  return prefix.startsWith(first) || first.startsWith(prefix);
}

/** Generic single-string glob (`*` any run, everything else literal) for tool names, domains labels
 * and param values. */
export function simpleGlobToRegExp(pattern: string, star = ".*", flags = ""): RegExp {
  const body = pattern
    .split("*")
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(star);
  return new RegExp(`^${body}$`, flags);
}
