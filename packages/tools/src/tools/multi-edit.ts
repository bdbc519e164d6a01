// MultiEdit: several replacements in one file, applied in order and all-or-nothing.
import { z } from "zod";
import { defineTool, errorResult } from "../define.js";
import { diffSnippet } from "../util/diff.js";
import { describeFsError, resolveInputPath } from "../util/paths.js";
import { adaptEdit, applyEditFlexible, loadForEdit, saveEdited } from "./edit-core.js";
import { editedExcerpt } from "./edit.js";

const schema = z.object({
  file_path: z.string().min(1).describe("The absolute path to the file to modify"),
  edits: z
    .array(
      z.object({
        old_string: z.string().describe("The text to replace"),
        new_string: z.string().describe("The text to replace it with"),
        replace_all: z.boolean().optional().describe("Replace all occurrences of old_string (default false)"),
      }),
    )
    .min(1)
    .describe("Edits to apply in order; each one sees the result of the previous ones"),
});

export const multiEditTool = defineTool({
  name: "MultiEdit",
  readOnly: false,
  schema,
  description: `Makes several exact string replacements in one file in a single step.

Usage:
- Same rules as Edit for every entry: old_string must match exactly (no Read line-number prefixes) and be unique unless replace_all is true; new_string must differ.
- Edits apply in order, each to the result of the previous one, so plan them so earlier edits do not change text that later ones look for.
- All or nothing: if any edit fails, the file is left unchanged.
- To change a single place, Edit is enough.`,
  async run(input, ctx) {
    const path = resolveInputPath(input.file_path, ctx.cwd);
    const file = await loadForEdit(path);
    if (typeof file === "string") return errorResult(file);
    let text = file.text;
    let total = 0;
    for (const [i, edit] of input.edits.entries()) {
      const outcome = applyEditFlexible(text, adaptEdit(edit, file), path);
      if (!outcome.ok) {
        return errorResult(
          `Edit ${i + 1} of ${input.edits.length} failed: ${outcome.message} No changes were written.`,
        );
      }
      text = outcome.content;
      total += outcome.count;
    }
    ctx.signal.throwIfAborted();
    try {
      await saveEdited(path, file, text);
    } catch (error) {
      return errorResult(describeFsError(error, path));
    }
    return {
      content: `Applied ${input.edits.length} edit${input.edits.length === 1 ? "" : "s"} (${total} replacement${total === 1 ? "" : "s"}) to ${path}. Excerpt of the file after the edits:\n${editedExcerpt(file.text, text)}`,
      display: {
        filePath: path,
        edits: input.edits.length,
        replacements: total,
        diff: diffSnippet(file.text, text),
      },
    };
  },
});
