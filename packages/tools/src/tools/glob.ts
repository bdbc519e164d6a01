// Glob: file paths matching a pattern, most recently modified first (what the model most likely
// wants is what was just worked on). tinyglobby does the matching and the walk: small, fast (fdir),
// with the usual glob dialect (**, braces, extglobs) and an AbortSignal.
import { statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { isAbsolute, sep } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { z } from "zod";
import { defineTool, errorResult } from "../define.js";
import { describeFsError, resolveInputPath } from "../util/paths.js";

export const GLOB_MAX_RESULTS = 1000;
const STAT_BATCH = 64;

const schema = z.object({
  pattern: z.string().min(1).describe("The glob pattern to match files against"),
  path: z
    .string()
    .optional()
    .describe(
      'The directory to search in. Defaults to the current working directory. Omit it rather than passing null or "undefined"',
    ),
});

/** Splits "/abs/dir/**\/*.ts" into the literal directory and the pattern below it. */
function splitAbsolute(pattern: string): { base: string; rest: string } {
  const parts = pattern.split("/");
  let i = 1;
  while (i < parts.length - 1 && !isDynamicPattern(parts[i]!)) i++;
  return { base: parts.slice(0, i).join("/") || "/", rest: parts.slice(i).join("/") };
}

/** node_modules and .git are skipped unless the pattern asks for them by name. */
function ignoresFor(pattern: string): string[] {
  const ignore: string[] = [];
  if (!pattern.includes("node_modules")) ignore.push("**/node_modules/**");
  if (!pattern.includes(".git")) ignore.push("**/.git/**");
  return ignore;
}

export async function mtimeSorted(paths: string[], signal?: AbortSignal): Promise<string[]> {
  const times = new Map<string, number>();
  if (paths.length <= STAT_BATCH) {
    // A few files: stat them at once (microseconds each) rather than one thread-pool round trip
    // each, which cost more than the search itself. Larger lists keep the batches below.
    for (const p of paths) times.set(p, mtimeOf(p));
    return sortByTime(paths, times);
  }
  for (let i = 0; i < paths.length; i += STAT_BATCH) {
    signal?.throwIfAborted();
    const batch = paths.slice(i, i + STAT_BATCH);
    const stats = await Promise.all(
      batch.map((p) =>
        stat(p).then(
          (s) => s.mtimeMs,
          () => 0,
        ),
      ),
    );
    for (const [j, p] of batch.entries()) times.set(p, stats[j]!);
  }
  return sortByTime(paths, times);
}

function mtimeOf(path: string): number {
  try {
    return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  } catch {
    return 0; // unreadable: sorted last, as a failed stat always was
  }
}

function sortByTime(paths: string[], times: Map<string, number>): string[] {
  return [...paths].sort((a, b) => times.get(b)! - times.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
}

export const globTool = defineTool({
  name: "Glob",
  readOnly: true,
  schema,
  description: `Fast file pattern matching for any codebase size.

- Supports glob patterns like "**/*.js" or "src/**/*.{ts,tsx}".
- Returns matching file paths (absolute), most recently modified first, at most ${GLOB_MAX_RESULTS}.
- node_modules and .git are skipped unless the pattern names them; dotfiles are included.
- Use it to find files by name. To search file contents use Grep.`,
  async run(input, ctx) {
    let base = input.path ? resolveInputPath(input.path, ctx.cwd) : ctx.cwd;
    let pattern = input.pattern;
    if (isAbsolute(pattern)) ({ base, rest: pattern } = splitAbsolute(pattern));
    try {
      if (!(await stat(base)).isDirectory())
        return errorResult(`${base} is not a directory; Glob's path must be a directory.`);
    } catch (error) {
      return errorResult(
        describeFsError(error, base).replace("File does not exist", "Directory does not exist"),
      );
    }
    if (!pattern) pattern = "**/*";
    const found = await glob(pattern, {
      cwd: base,
      absolute: true,
      dot: true,
      ignore: ignoresFor(pattern),
      expandDirectories: false,
      followSymbolicLinks: false,
      signal: ctx.signal,
    });
    ctx.signal.throwIfAborted();
    if (found.length === 0)
      return { content: `No files found matching "${input.pattern}" in ${base}`, display: { count: 0 } };
    const sorted = await mtimeSorted(
      found.map((p) => (sep === "/" ? p : p.split("/").join(sep))),
      ctx.signal,
    );
    const shown = sorted.slice(0, GLOB_MAX_RESULTS);
    let content = shown.join("\n");
    if (sorted.length > shown.length) {
      content += `\n(Results are truncated: showing the ${GLOB_MAX_RESULTS} most recently modified of ${sorted.length} matches. Use a more specific path or pattern.)`;
    }
    return { content, display: { count: sorted.length, truncated: sorted.length > shown.length } };
  },
});
