// Grep: regular-expression search over file contents. There is no ripgrep binary to rely on, so
// this is ripgrep's interface over a JS walk (walk/walk.ts) and JS regular expressions.
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { z } from "zod";
import { defineTool, errorResult } from "../define.js";
import { truncateMiddle } from "../truncate.js";
import { looksBinary } from "../util/binary.js";
import { pathMatcher } from "../util/glob-regex.js";
import { readSmallFile } from "../util/small-file.js";
import { describeFsError, resolveInputPath } from "../util/paths.js";
import { walkFiles } from "../walk/walk.js";
import { mtimeSorted } from "./glob.js";
import {
  buildRegex,
  FILE_TYPES,
  formatMatches,
  type MatchOptions,
  matchingLines,
  typeGlobs,
} from "./grep-search.js";

export const GREP_MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Files up to this size are read synchronously; larger ones through the thread pool. */
const GREP_SYNC_READ_BYTES = 256 * 1024;
const YIELD_EVERY_FILES = 64;
export const GREP_MAX_OUTPUT = 30_000;
/** Stop collecting content lines well past what can be shown; the rest would be truncated anyway. */
const COLLECT_LIMIT_CHARS = 4 * GREP_MAX_OUTPUT;

const schema = z.object({
  pattern: z.string().min(1).describe("The regular expression pattern to search for in file contents"),
  path: z
    .string()
    .optional()
    .describe("File or directory to search in. Defaults to the current working directory"),
  glob: z
    .string()
    .optional()
    .describe(
      'Glob pattern to filter files (e.g. "*.js", "*.{ts,tsx}", "src/**/*.ts"); prefix with ! to exclude',
    ),
  type: z
    .string()
    .optional()
    .describe(
      "File type to search (e.g. js, ts, py, rust, go, java). More efficient than glob for standard file types",
    ),
  output_mode: z
    .enum(["content", "files_with_matches", "count"])
    .optional()
    .describe(
      '"content" shows matching lines, "files_with_matches" (default) shows file paths, "count" shows match counts per file',
    ),
  "-i": z.boolean().optional().describe("Case insensitive search"),
  "-n": z
    .boolean()
    .optional()
    .describe('Show line numbers in output (output_mode "content" only; default true)'),
  "-A": z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Number of lines to show after each match (output_mode "content" only)'),
  "-B": z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Number of lines to show before each match (output_mode "content" only)'),
  "-C": z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Number of lines to show before and after each match (output_mode "content" only)'),
  head_limit: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("Only show the first N lines or entries of the output, like | head -N"),
  multiline: z
    .boolean()
    .optional()
    .describe("Multiline mode: . matches newlines and patterns can span lines (default false)"),
});

type Filter = (rel: string) => boolean;

function fileFilter(glob: string | undefined, type: string | undefined): Filter | string {
  const filters: Filter[] = [];
  if (type) {
    const globs = typeGlobs(type);
    if (!globs)
      return `Unknown file type "${type}". Known types: ${Object.keys(FILE_TYPES).join(", ")}. Or use the glob parameter.`;
    const matchers = globs.map(pathMatcher);
    filters.push((rel) => matchers.some((m) => m(rel)));
  }
  if (glob) {
    const parts = glob.split(/\s+/).filter(Boolean);
    const include = parts.filter((g) => !g.startsWith("!")).map(pathMatcher);
    const exclude = parts.filter((g) => g.startsWith("!")).map((g) => pathMatcher(g.slice(1)));
    filters.push(
      (rel) => (include.length === 0 || include.some((m) => m(rel))) && !exclude.some((m) => m(rel)),
    );
  }
  return (rel) => filters.every((f) => f(rel));
}

export const grepTool = defineTool({
  name: "Grep",
  readOnly: true,
  schema,
  description: `Searches file contents with a regular expression (ripgrep-style interface).

Usage:
- Always use Grep for content search instead of running grep or rg through Bash.
- Regular expressions use JavaScript syntax, close to ripgrep's: "log.*Error", "function\\s+\\w+". Escape literal braces and parentheses ("interface\\{\\}" to find "interface{}").
- Filter files with glob ("*.js", "**/*.tsx", "!*.test.ts") or type ("js", "py", "rust", ...).
- output_mode: "files_with_matches" (default) lists matching files, most recently modified first; "content" shows matching lines as path:line:text, with -A/-B/-C context and -n line numbers (on by default); "count" shows matching lines per file.
- Patterns match within single lines; set multiline: true for patterns that span lines (then . also matches newlines).
- .git, node_modules, git-ignored paths, binary files and files over 10 MB are skipped.
- Use head_limit to cap long results.`,
  async run(input, ctx) {
    const mode = input.output_mode ?? "files_with_matches";
    const root = input.path ? resolveInputPath(input.path, ctx.cwd) : ctx.cwd;
    const regex = buildRegex(input.pattern, input["-i"] ?? false, input.multiline ?? false);
    if (typeof regex === "string") return errorResult(regex);
    const filter = fileFilter(input.glob, input.type);
    if (typeof filter === "string") return errorResult(filter);
    let rootInfo: Awaited<ReturnType<typeof stat>>;
    try {
      rootInfo = await stat(root);
    } catch (error) {
      return errorResult(describeFsError(error, root).replace("File does not exist", "Path does not exist"));
    }
    const single = rootInfo.isFile();
    const files = single
      ? (async function* () {
          yield { path: root, rel: basename(root) };
        })()
      : walkFiles(root, ctx.signal);
    const options: MatchOptions = {
      regex,
      multiline: input.multiline ?? false,
      before: input["-B"] ?? input["-C"] ?? 0,
      after: input["-A"] ?? input["-C"] ?? 0,
      lineNumbers: input["-n"] ?? true,
      withPath: !single,
    };
    const matched: string[] = [];
    const counts: string[] = [];
    const content: string[] = [];
    let contentChars = 0;
    let total = 0;
    let readsSinceYield = 0;
    for await (const file of files) {
      ctx.signal.throwIfAborted();
      // An explicitly named file is searched even if a glob or type would not select it.
      if (!single && !filter(file.rel)) continue;
      let bytes: Buffer | undefined;
      try {
        // Most source files are small: read at once (util/small-file.ts), with a turn of the
        // event loop now and then so a folder of thousands does not hold up other sessions.
        if (++readsSinceYield >= YIELD_EVERY_FILES) {
          readsSinceYield = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
        bytes = readSmallFile(file.path, GREP_SYNC_READ_BYTES);
        if (!bytes) {
          if ((await stat(file.path)).size > GREP_MAX_FILE_BYTES) continue;
          bytes = await readFile(file.path);
        }
      } catch {
        continue; // vanished, unreadable or not a file: skip, as ripgrep does
      }
      if (looksBinary(bytes)) continue;
      const text = bytes.toString("utf8").replace(/\r\n/g, "\n");
      const lines = text.split("\n");
      if (text.endsWith("\n")) lines.pop();
      const hits = matchingLines(lines, text, options);
      if (hits.length === 0) continue;
      matched.push(file.path);
      total += hits.length;
      counts.push(`${single ? "" : `${file.path}:`}${hits.length}`);
      if (mode === "content" && contentChars < COLLECT_LIMIT_CHARS) {
        const block = formatMatches(file.path, lines, hits, options);
        if (content.length && options.withPath && (options.before || options.after)) content.push("--");
        content.push(...block);
        contentChars += block.reduce((n, l) => n + l.length + 1, 0);
      }
    }
    const limit = (entries: string[]) => (input.head_limit ? entries.slice(0, input.head_limit) : entries);
    const display = { mode, files: matched.length, matches: total };
    if (matched.length === 0) return { content: "No matches found", display };
    let out: string;
    if (mode === "files_with_matches") {
      const sorted = limit(await mtimeSorted(matched, ctx.signal));
      out = `Found ${matched.length} file${matched.length === 1 ? "" : "s"}${sorted.length < matched.length ? ` (showing ${sorted.length})` : ""}\n${sorted.join("\n")}`;
    } else if (mode === "count") {
      out = `${limit(counts).join("\n")}\n\nFound ${total} matching line${total === 1 ? "" : "s"} in ${matched.length} file${matched.length === 1 ? "" : "s"}.`;
    } else {
      const shown = limit(content);
      out = shown.join("\n");
      if (contentChars >= COLLECT_LIMIT_CHARS)
        out += "\n(Output stopped early: too many matches. Narrow the search or use head_limit.)";
    }
    return { content: truncateMiddle(out, GREP_MAX_OUTPUT), display };
  },
});
