/** What the editor can attach to a prompt: the active file, the selection, its diagnostics. */
export interface EditorContext {
  /** Path of the active file, relative to the workspace folder when inside it. */
  file: string;
  languageId: string;
  /** 1-based, inclusive; absent when nothing is selected (the whole file is meant). */
  selection?: { startLine: number; endLine: number; text: string };
  diagnostics: Array<{ line: number; severity: "error" | "warning" | "info" | "hint"; message: string }>;
}

const MAX_SELECTION = 20_000;

/**
 * The prompt for "Ask Berth about selection": the user's question, then the selection fenced with
 * its file and lines, then the diagnostics on those lines. Plain text, so every client shows the
 * same message and the model can open the file itself for more.
 */
export function contextPrompt(question: string, ctx: EditorContext): string {
  const parts = [question.trim() || "Explain this code."];
  if (ctx.selection) {
    const { startLine, endLine } = ctx.selection;
    let text = ctx.selection.text;
    if (text.length > MAX_SELECTION)
      text = `${text.slice(0, MAX_SELECTION)}\n… (selection cut at ${MAX_SELECTION} characters)`;
    const fence = text.includes("```") ? "````" : "```";
    parts.push(`@${ctx.file}:${startLine}-${endLine}`, `${fence}${ctx.languageId}\n${text}\n${fence}`);
  } else {
    parts.push(`@${ctx.file}`);
  }
  const inRange = ctx.diagnostics.filter(
    (d) => !ctx.selection || (d.line >= ctx.selection.startLine && d.line <= ctx.selection.endLine),
  );
  if (inRange.length) {
    parts.push(
      `Diagnostics:\n${inRange.map((d) => `- ${ctx.file}:${d.line} ${d.severity}: ${d.message}`).join("\n")}`,
    );
  }
  return parts.join("\n\n");
}
