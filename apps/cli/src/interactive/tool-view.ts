import { style } from "./style";

/**
 * How tool calls look in the terminal: a one-line result per tool, and a preview of what
 * an edit would change, shown before the user approves it.
 */
const MAX_PREVIEW_LINES = 12;

function str(input: unknown, key: string): string | undefined {
  const value = (input as Record<string, unknown> | null)?.[key];
  return typeof value === "string" ? value : undefined;
}

function clip(lines: string[], marker: (s: string) => string): string[] {
  const shown = lines.slice(0, MAX_PREVIEW_LINES).map(marker);
  if (lines.length > MAX_PREVIEW_LINES)
    shown.push(style.dim(`  … ${lines.length - MAX_PREVIEW_LINES} more lines`));
  return shown;
}

/** Lines previewing a file change (`- old` / `+ new`), or none for other tools. */
export function changePreview(tool: string, input: unknown): string[] {
  if (tool === "Edit") {
    const before = str(input, "old_string") ?? "";
    const after = str(input, "new_string") ?? "";
    return [
      ...clip(before.split("\n"), (l) => style.red(`- ${l}`)),
      ...clip(after.split("\n"), (l) => style.green(`+ ${l}`)),
    ];
  }
  if (tool === "MultiEdit") {
    const edits = (input as { edits?: Array<{ old_string?: string; new_string?: string }> })?.edits ?? [];
    return edits.flatMap((e) => changePreview("Edit", e));
  }
  if (tool === "Write") {
    return clip((str(input, "content") ?? "").split("\n"), (l) => style.green(`+ ${l}`));
  }
  return [];
}

/** One line saying what a finished tool call did. */
export function resultLine(
  tool: string,
  input: unknown,
  content: string,
  isError: boolean,
  streamed: boolean,
): string {
  const lines = content.split("\n");
  const first = lines[0] ?? "";
  if (isError) return style.red(first.length > 200 ? `${first.slice(0, 199)}…` : first);
  switch (tool) {
    case "Read":
      return `Read ${lines.length} line${lines.length === 1 ? "" : "s"}`;
    case "Write": {
      const n = (str(input, "content") ?? "").split("\n").length;
      return `Wrote ${n} line${n === 1 ? "" : "s"} to ${str(input, "file_path") ?? "the file"}`;
    }
    case "Edit":
    case "MultiEdit":
      return first.split(":")[0] ?? "Edited";
    case "Bash":
      // Live output was already shown as it streamed.
      if (streamed) return style.dim("done");
      break;
  }
  const more = lines.length > 1 ? style.dim(` … +${lines.length - 1} lines`) : "";
  return `${first.length > 160 ? `${first.slice(0, 159)}…` : first}${more}`;
}
