// Exact string replacement shared by Edit and MultiEdit: occurrence counting with messages that
// tell the model how to fix a miss, and line-ending handling so CRLF files stay CRLF.
import { statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { looksBinary } from "../util/binary.js";
import { describeFsError } from "../util/paths.js";
import { NotAFileError, readSmallFile } from "../util/small-file.js";

export interface EditSpec {
  old_string: string;
  new_string: string;
  replace_all?: boolean | undefined;
}

export type EditOutcome =
  | { ok: true; content: string; count: number; firstIndex: number }
  | { ok: false; message: string };

function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length))
    found.push(at);
  return found;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

function notFoundHint(content: string, old: string): string {
  if (/^\s*\d+\t/m.test(old) && old.split("\n").every((l) => /^\s*\d+\t/.test(l) || !l)) {
    return " old_string seems to include the line-number prefixes from Read output; remove them (and the tab after them).";
  }
  const squash = (s: string) => s.replace(/\s+/g, " ").trim();
  if (squash(old) && squash(content).includes(squash(old))) {
    return " A match exists if whitespace is ignored: check indentation (tabs vs spaces) and line breaks.";
  }
  return " Read the file again to see its current content.";
}

/** Applies one replacement to `content`; never partially. */
export function applyEdit(content: string, edit: EditSpec, fileLabel: string): EditOutcome {
  const { old_string: old, new_string: replacement } = edit;
  if (old === replacement)
    return { ok: false, message: "old_string and new_string are identical; there is nothing to change." };
  if (old === "")
    return {
      ok: false,
      message: `old_string is empty; to change ${fileLabel}, quote the existing text to replace.`,
    };
  const found = occurrences(content, old);
  if (found.length === 0) {
    return {
      ok: false,
      message: `old_string was not found in ${fileLabel}. It must match the file exactly, including whitespace and indentation.${notFoundHint(content, old)}`,
    };
  }
  if (found.length > 1 && !edit.replace_all) {
    const lines = found.slice(0, 10).map((i) => lineOf(content, i));
    const more = found.length > 10 ? ", ..." : "";
    return {
      ok: false,
      message: `Found ${found.length} matches of old_string in ${fileLabel} (lines ${lines.join(", ")}${more}), but replace_all is false. Add more surrounding context to old_string so it matches exactly one place, or set replace_all to true to replace every occurrence.`,
    };
  }
  const first = found[0]!;
  const next = edit.replace_all
    ? content.split(old).join(replacement)
    : content.slice(0, first) + replacement + content.slice(first + old.length);
  return { ok: true, content: next, count: edit.replace_all ? found.length : 1, firstIndex: first };
}

/** Files up to this size are read synchronously; larger ones through the thread pool. */
const EDIT_SYNC_READ_BYTES = 256 * 1024;

export interface LoadedFile {
  /** Text with CRLF turned into LF when the file uses CRLF throughout. */
  text: string;
  crlf: boolean;
}

/** Loads a text file for editing, or returns a message saying why it cannot be edited. */
export async function loadForEdit(path: string): Promise<LoadedFile | string> {
  try {
    // Synchronous stat and read for the usual source file (util/small-file.ts); a device or a
    // pipe is refused rather than read.
    const info = statSync(path);
    if (info.isDirectory()) return `${path} is a directory, not a file.`;
    const bytes = readSmallFile(path, EDIT_SYNC_READ_BYTES) ?? (await readFile(path));
    if (looksBinary(bytes)) return `${path} is a binary file; Edit only changes text files.`;
    const raw = bytes.toString("utf8");
    // Only a file that uses CRLF for every line break is normalised; a mixed file is edited as is.
    const crlf = raw.includes("\r\n") && !/(^|[^\r])\n/.test(raw);
    return { text: crlf ? raw.replace(/\r\n/g, "\n") : raw, crlf };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return `File does not exist: ${path}. To create a new file use Write (or Edit with an empty old_string).`;
    }
    if (error instanceof NotAFileError) return error.message;
    return describeFsError(error, path);
  }
}

export async function saveEdited(path: string, file: LoadedFile, text: string): Promise<void> {
  await writeFile(path, file.crlf ? text.replace(/\n/g, "\r\n") : text, "utf8");
}

/** Brings the model's strings into the file's line-ending convention before matching. */
export function adaptEdit(edit: EditSpec, file: LoadedFile): EditSpec {
  if (!file.crlf) return edit;
  return {
    ...edit,
    old_string: edit.old_string.replace(/\r\n/g, "\n"),
    new_string: edit.new_string.replace(/\r\n/g, "\n"),
  };
}

/** Mixed line endings: when the LF form of old_string misses, try its CRLF form. */
export function applyEditFlexible(content: string, edit: EditSpec, fileLabel: string): EditOutcome {
  const first = applyEdit(content, edit, fileLabel);
  if (first.ok || !edit.old_string.includes("\n") || !content.includes("\r\n")) return first;
  const toCrlf = (s: string) => s.replace(/\r?\n/g, "\r\n");
  const retry = applyEdit(
    content,
    { ...edit, old_string: toCrlf(edit.old_string), new_string: toCrlf(edit.new_string) },
    fileLabel,
  );
  return retry.ok ? retry : first;
}
