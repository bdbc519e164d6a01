// Directory walk for Grep: depth-first, sorted for stable output, skipping what a developer never
// means to search (.git, node_modules, git-ignored paths). Directory symlinks are not followed
// (no cycles); file symlinks are.
import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { ancestorLayers, type IgnoreLayer, isIgnored, loadLayer } from "./gitignore.js";

export const ALWAYS_SKIPPED_DIRS = new Set([".git", "node_modules", ".hg", ".svn"]);

export interface WalkedFile {
  path: string;
  /** Path relative to the walk's root, with "/" separators. */
  rel: string;
}

export async function* walkFiles(root: string, signal?: AbortSignal): AsyncGenerator<WalkedFile> {
  const stack: { dir: string; layers: IgnoreLayer[] }[] = [{ dir: root, layers: await ancestorLayers(root) }];
  while (stack.length) {
    signal?.throwIfAborted();
    const { dir, layers: inherited } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable directory: skip it like ripgrep does
    }
    const own = entries.some((e) => e.name === ".gitignore") ? await loadLayer(dir) : undefined;
    const layers = own ? [...inherited, own] : inherited;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => undefined);
        isFile = !!target?.isFile();
        isDir = false;
      }
      if (isDir) {
        if (!ALWAYS_SKIPPED_DIRS.has(entry.name) && !isIgnored(layers, path, true)) subdirs.push(path);
      } else if (isFile && !isIgnored(layers, path, false)) {
        yield { path, rel: relative(root, path).split(sep).join("/") };
      }
    }
    // Reverse so the stack pops them in name order.
    for (const sub of subdirs.reverse()) stack.push({ dir: sub, layers });
  }
}
