import { readFileSync } from "node:fs";
import { z } from "zod";

/** A file edit a tool proposes: the file, what it holds now and what it would hold after. */
export interface ProposedEdit {
  path: string;
  current: string;
  proposed: string;
}

const WriteInput = z.object({ file_path: z.string(), content: z.string() });
const EditOne = z.object({
  old_string: z.string(),
  new_string: z.string(),
  replace_all: z.boolean().optional(),
});
const EditInput = EditOne.extend({ file_path: z.string() });
const MultiEditInput = z.object({ file_path: z.string(), edits: z.array(EditOne) });

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function apply(text: string, edit: z.infer<typeof EditOne>): string {
  return edit.replace_all
    ? text.split(edit.old_string).join(edit.new_string)
    : text.replace(edit.old_string, () => edit.new_string);
}

/** The edit a Write, Edit or MultiEdit call would make; undefined for any other tool. */
export function proposedEdit(tool: string, input: unknown): ProposedEdit | undefined {
  if (tool === "Write") {
    const w = WriteInput.safeParse(input);
    return w.success
      ? { path: w.data.file_path, current: readOrEmpty(w.data.file_path), proposed: w.data.content }
      : undefined;
  }
  if (tool === "Edit") {
    const e = EditInput.safeParse(input);
    if (!e.success) return undefined;
    const current = readOrEmpty(e.data.file_path);
    return { path: e.data.file_path, current, proposed: apply(current, e.data) };
  }
  if (tool === "MultiEdit") {
    const m = MultiEditInput.safeParse(input);
    if (!m.success) return undefined;
    const current = readOrEmpty(m.data.file_path);
    return { path: m.data.file_path, current, proposed: m.data.edits.reduce(apply, current) };
  }
  return undefined;
}
