// Edit: replaces an exact string in a file (once, or everywhere with replace_all).
import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { defineTool, errorResult } from "../define.js";
import { diffSnippet } from "../util/diff.js";
import { describeFsError, resolveInputPath } from "../util/paths.js";
import { adaptEdit, applyEditFlexible, loadForEdit, saveEdited } from "./edit-core.js";
import { formatLine } from "./read.js";

const schema = z.object({
  file_path: z.string().min(1).describe("The absolute path to the file to modify"),
  old_string: z.string().describe("The text to replace"),
  new_string: z.string().describe("The text to replace it with (must be different from old_string)"),
  replace_all: z.boolean().optional().describe("Replace all occurrences of old_string (default false)"),
});

/** The edited region of the new file in `cat -n` form, so the model can check its change. */
export function editedExcerpt(before: string, after: string): string {
  const diff = diffSnippet(before, after);
  const lines = after.split("\n");
  const from = Math.max(1, diff.startLine - 3);
  const to = Math.min(lines.length, diff.startLine + Math.max(diff.added, 1) - 1 + 3, from + 29);
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(formatLine(n, lines[n - 1] ?? ""));
  return out.join("\n");
}

async function createWithEdit(path: string, content: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return `${path} is a directory, not a file.`;
    if (info.size > 0) {
      return `old_string is empty, which means "create a new file", but ${path} already exists and is not empty. To change it, quote the existing text to replace in old_string.`;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") return describeFsError(error, path);
  }
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content, "utf8");
  } catch (error) {
    return describeFsError(error, path);
  }
  return undefined;
}

export const editTool = defineTool({
  name: "Edit",
  readOnly: false,
  schema,
  description: `Performs an exact string replacement in a file.

Usage:
- Read the file first, so old_string matches its current content exactly.
- old_string must match exactly, including whitespace and indentation. When copying from Read output, leave out the line-number prefix (spaces, number, tab): only the text after the tab belongs to the file.
- The edit fails if old_string occurs more than once: include more surrounding lines to make it unique, or set replace_all to true to change every occurrence (useful for renaming a variable).
- new_string must differ from old_string.
- An empty old_string creates a new file containing new_string (only if the file does not exist or is empty).
- Files with CRLF line endings keep them; write old_string and new_string with plain newlines.
- Prefer editing existing files over creating new ones.`,
  async run(input, ctx) {
    const path = resolveInputPath(input.file_path, ctx.cwd);
    if (input.old_string === input.new_string) {
      return errorResult("old_string and new_string are identical; there is nothing to change.");
    }
    if (input.old_string === "") {
      const problem = await createWithEdit(path, input.new_string);
      if (problem) return errorResult(problem);
      return {
        content: `Created ${path}.`,
        display: { filePath: path, created: true, diff: diffSnippet("", input.new_string) },
      };
    }
    const file = await loadForEdit(path);
    if (typeof file === "string") return errorResult(file);
    const outcome = applyEditFlexible(file.text, adaptEdit(input, file), path);
    if (!outcome.ok) return errorResult(outcome.message);
    ctx.signal.throwIfAborted();
    try {
      await saveEdited(path, file, outcome.content);
    } catch (error) {
      return errorResult(describeFsError(error, path));
    }
    const diff = diffSnippet(file.text, outcome.content);
    const what = outcome.count === 1 ? "1 occurrence" : `all ${outcome.count} occurrences`;
    return {
      content: `Edited ${path}: replaced ${what}. Excerpt of the file after the edit:\n${editedExcerpt(file.text, outcome.content)}`,
      display: { filePath: path, replacements: outcome.count, lineEndings: file.crlf ? "crlf" : "lf", diff },
    };
  },
});
