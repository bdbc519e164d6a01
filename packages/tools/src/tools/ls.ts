// LS: a directory tree. Collected breadth-first, so when the cap cuts in, the top levels are
// complete and only deep corners are missing; printed depth-first as an indented tree.
import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { z } from "zod";
import { defineTool, errorResult } from "../define.js";
import { pathMatcher } from "../util/glob-regex.js";
import { describeFsError, resolveInputPath } from "../util/paths.js";

export const LS_MAX_ENTRIES = 1000;
/** Never shown: version-control internals and OS litter. */
const HIDDEN = new Set([".git", ".hg", ".svn", ".DS_Store"]);
/** Shown (so the model knows they exist) but not expanded: big generated trees. */
const NOT_EXPANDED = new Set([
  "node_modules",
  "__pycache__",
  ".venv",
  "venv",
  ".mypy_cache",
  ".pytest_cache",
  ".next",
  ".cache",
]);

const schema = z.object({
  path: z
    .string()
    .min(1)
    .describe("The absolute path to the directory to list (must be absolute, not relative)"),
  ignore: z.array(z.string()).optional().describe('List of glob patterns to ignore (e.g. ["*.log", "dist"])'),
});

interface Node {
  name: string;
  dir: boolean;
  children: Node[];
}

export const lsTool = defineTool({
  name: "LS",
  readOnly: true,
  schema,
  description: `Lists files and directories under a path as an indented tree (recursively, up to ${LS_MAX_ENTRIES} entries).

- path must be an absolute directory path.
- ignore takes glob patterns to leave out ("*.log", "dist", "src/generated/**").
- .git is hidden; node_modules and similar generated directories are shown but not expanded.
- Prefer Glob or Grep when you know what you are looking for.`,
  async run(input, ctx) {
    const root = resolveInputPath(input.path, ctx.cwd);
    try {
      if (!(await stat(root)).isDirectory())
        return errorResult(`${root} is a file, not a directory. Use Read to read a file.`);
    } catch (error) {
      return errorResult(
        describeFsError(error, root).replace("File does not exist", "Directory does not exist"),
      );
    }
    const ignores = (input.ignore ?? []).map(pathMatcher);
    const ignored = (rel: string) => ignores.some((m) => m(rel));
    const top: Node = { name: root, dir: true, children: [] };
    const queue: { node: Node; path: string }[] = [{ node: top, path: root }];
    let count = 0;
    let truncated = false;
    while (queue.length && !truncated) {
      ctx.signal.throwIfAborted();
      const { node, path } = queue.shift()!;
      let entries: Dirent[];
      try {
        entries = await readdir(path, { withFileTypes: true });
      } catch {
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (HIDDEN.has(entry.name)) continue;
        const full = join(path, entry.name);
        if (ignored(relative(root, full).split(sep).join("/"))) continue;
        if (count >= LS_MAX_ENTRIES) {
          truncated = true;
          break;
        }
        const child: Node = { name: entry.name, dir: entry.isDirectory(), children: [] };
        node.children.push(child);
        count++;
        if (child.dir && !NOT_EXPANDED.has(entry.name)) queue.push({ node: child, path: full });
      }
    }
    const lines: string[] = [];
    const render = (node: Node, depth: number) => {
      lines.push(`${"  ".repeat(depth)}- ${node.name}${node.dir ? "/" : ""}`);
      for (const child of node.children) render(child, depth + 1);
    };
    render(top, 0);
    let content = lines.join("\n");
    if (count === 0) content += "\n  (empty directory)";
    if (truncated) {
      content = `There are more than ${LS_MAX_ENTRIES} files and directories under ${root}; the first ${LS_MAX_ENTRIES} (top levels first) are listed. Use LS on a subdirectory, or Glob, to see the rest.\n\n${content}`;
    }
    return { content, display: { path: root, entries: count, truncated } };
  },
});
