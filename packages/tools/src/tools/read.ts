// Read: a window of a text file as numbered lines (`cat -n` format), the form the model quotes
// back when it edits.
import { type Stats, statSync } from "node:fs";
import { z } from "zod";
import { defineTool, errorResult } from "../define.js";
import { binaryKind } from "../util/binary.js";
import { describeFsError, resolveInputPath } from "../util/paths.js";
import { NotAFileError, readSmallFile, SMALL_FILE_BYTES } from "../util/small-file.js";
import { lineWindowOf, readLineWindow, type WindowRead } from "./read-lines.js";

export const READ_DEFAULT_LIMIT = 2000;
export const READ_MAX_LINE_CHARS = 2000;
/** About 25k tokens: beyond this the window is cut at a line boundary and the model told how to continue. */
export const READ_MAX_CHARS = 100_000;

const schema = z.object({
  file_path: z.string().min(1).describe("The absolute path to the file to read"),
  offset: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      "The line number to start reading from (1-based). Only provide if the file is too large to read at once",
    ),
  limit: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("The number of lines to read. Only provide if the file is too large to read at once"),
});

export function formatLine(n: number, text: string): string {
  const shown =
    text.length > READ_MAX_LINE_CHARS ? `${text.slice(0, READ_MAX_LINE_CHARS)}... [line truncated]` : text;
  return `${String(n).padStart(6)}\t${shown}`;
}

export const readTool = defineTool({
  name: "Read",
  readOnly: true,
  schema,
  description: `Reads a file from the local filesystem.

Usage:
- file_path must be an absolute path (relative paths are resolved against the current working directory).
- By default reads up to ${READ_DEFAULT_LIMIT} lines from the start of the file. For long files, pass offset (1-based line number) and limit to read a specific part; the result says where to continue when the file is longer.
- Lines longer than ${READ_MAX_LINE_CHARS} characters are truncated.
- Output is numbered like \`cat -n\`: spaces, the line number, a tab, then the line. The number prefix is not part of the file: never include it in old_string when editing.
- Reads files only. For a directory use LS (or Glob / Bash ls).
- Binary files (images, archives, executables) are detected and not shown.
- Reading several files that may be useful at once is fine and often faster.`,
  async run(input, ctx) {
    const path = resolveInputPath(input.file_path, ctx.cwd);
    // Synchronous stat and (for a small file) read: see readSmallFile for why that is safe.
    let info: Stats;
    try {
      info = statSync(path);
    } catch (error) {
      return errorResult(describeFsError(error, path));
    }
    if (info.isDirectory()) {
      return errorResult(
        `${path} is a directory, not a file. Use LS to list a directory, or Glob to find files in it.`,
      );
    }
    if (!info.isFile()) return errorResult(new NotAFileError(path).message);
    if (info.size === 0) {
      return { content: `(The file ${path} exists but is empty.)`, display: { filePath: path, lines: 0 } };
    }
    const kind = binaryKind(path);
    const binary = () =>
      errorResult(
        `${path} is a binary file${kind ? ` (${kind.toUpperCase()})` : ""} of ${info.size} bytes; Read only shows text files.`,
      );
    if (kind) return binary();
    const start = Math.max(1, input.offset ?? 1);
    const limit = input.limit ?? READ_DEFAULT_LIMIT;
    let read: WindowRead | undefined;
    try {
      const small = info.size <= SMALL_FILE_BYTES ? readSmallFile(path) : undefined;
      read = small
        ? lineWindowOf(small, start, limit, READ_MAX_CHARS)
        : await readLineWindow(path, start, limit, READ_MAX_CHARS, ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      // A FIFO or device swapped in since the stat is refused like one found by it.
      if (error instanceof NotAFileError) return errorResult(error.message);
      return errorResult(describeFsError(error, path));
    }
    if ("binary" in read) return binary();
    const window = read;
    if (window.lines.length === 0) {
      return errorResult(`${path} has ${window.seen} lines; offset ${start} is past the end of the file.`);
    }
    const end = start + window.lines.length - 1;
    let content = window.lines.map((line, i) => formatLine(start + i, line)).join("\n");
    if (window.more) {
      const why = window.lines.length < limit ? ` (stopped at ${READ_MAX_CHARS} characters)` : "";
      content += `\n\n(Showing lines ${start}-${end}${why}. The file continues: call Read with offset=${end + 1} to read more.)`;
    }
    return { content, display: { filePath: path, startLine: start, endLine: end, more: window.more } };
  },
});
