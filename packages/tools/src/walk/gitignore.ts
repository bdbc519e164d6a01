// The basics of .gitignore: comments, negation, directory-only rules, anchored and unanchored
// patterns, one file per directory applying below it. Not covered: escaped trailing spaces,
// .git/info/exclude and the global excludes file.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { globToRegExp } from "../util/glob-regex.js";

interface Rule {
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

export interface IgnoreLayer {
  /** Directory holding the .gitignore; rules match paths relative to it. */
  base: string;
  rules: Rule[];
}

export function parseGitignore(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.trimEnd();
    if (!line || line.startsWith("#")) continue;
    const negate = line.startsWith("!");
    if (negate) line = line.slice(1);
    if (line.startsWith("\\")) line = line.slice(1); // "\#file", "\!file"
    const dirOnly = line.endsWith("/");
    if (dirOnly) line = line.replace(/\/+$/, "");
    if (!line) continue;
    // A slash anywhere but the end anchors the pattern to the .gitignore's directory.
    const anchored = line.includes("/");
    line = line.replace(/^\//, "");
    rules.push({ re: globToRegExp(anchored ? line : `**/${line}`), negate, dirOnly });
  }
  return rules;
}

export async function loadLayer(dir: string): Promise<IgnoreLayer | undefined> {
  try {
    const rules = parseGitignore(await readFile(join(dir, ".gitignore"), "utf8"));
    return rules.length ? { base: dir, rules } : undefined;
  } catch {
    return undefined;
  }
}

/** Later layers (deeper directories) and later rules win, as in git. */
export function isIgnored(layers: readonly IgnoreLayer[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const rel = relative(layer.base, path).split(sep).join("/");
    if (!rel || rel.startsWith("..")) continue;
    for (const rule of layer.rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.negate === ignored && rule.re.test(rel)) ignored = !rule.negate;
    }
  }
  return ignored;
}

/**
 * .gitignore layers that apply to `root` from above it: from the repository's top (the nearest
 * ancestor holding .git) down to root's parent. Outside a repository there are none.
 */
export async function ancestorLayers(root: string): Promise<IgnoreLayer[]> {
  const above: string[] = [];
  for (let dir = root; ; ) {
    if (exists(join(dir, ".git"))) {
      const layers = await Promise.all(above.reverse().map(loadLayer));
      return layers.filter((l): l is IgnoreLayer => !!l);
    }
    const parent = dirname(dir);
    if (parent === dir) return [];
    dir = parent;
    above.push(dir);
  }
}

/** Synchronous: a few calls per search, and a missing .git (the usual answer) throws nothing. */
function exists(path: string): boolean {
  return existsSync(path);
}
