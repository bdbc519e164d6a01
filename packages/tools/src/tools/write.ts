// Write: creates or replaces a whole file.
import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { defineTool, errorResult } from "../define.js";
import { describeFsError, resolveInputPath } from "../util/paths.js";

const schema = z.object({
  file_path: z
    .string()
    .min(1)
    .describe("The absolute path to the file to write (must be absolute, not relative)"),
  content: z.string().describe("The content to write to the file"),
});

function countLines(text: string): number {
  if (!text) return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

export const writeTool = defineTool({
  name: "Write",
  readOnly: false,
  schema,
  description: `Writes a file to the local filesystem, replacing it entirely if it exists.

Usage:
- file_path must be an absolute path. Missing parent directories are created.
- This overwrites an existing file completely. To change part of an existing file, prefer Edit: it is safer and sends only the change.
- Read an existing file before overwriting it, so nothing in it is lost by accident.
- Do not create documentation or README files unless asked to.`,
  async run(input, ctx) {
    const path = resolveInputPath(input.file_path, ctx.cwd);
    let existed = false;
    try {
      const info = await stat(path);
      if (info.isDirectory()) return errorResult(`${path} is a directory; Write needs a file path.`);
      existed = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT")
        return errorResult(describeFsError(error, path));
    }
    try {
      await mkdir(dirname(path), { recursive: true });
      // writeFile keeps an existing file's inode and mode (a temp-and-rename would reset them).
      await writeFile(path, input.content, { encoding: "utf8", signal: ctx.signal });
    } catch (error) {
      return errorResult(describeFsError(error, path));
    }
    const lines = countLines(input.content);
    const bytes = Buffer.byteLength(input.content);
    return {
      content: `${existed ? "Overwrote" : "Created"} ${path} (${lines} line${lines === 1 ? "" : "s"}, ${bytes} bytes).`,
      display: { filePath: path, created: !existed, lines, bytes },
    };
  },
});
