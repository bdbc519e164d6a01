import * as vscode from "vscode";
import type { EditorContext } from "./editor-context";

const SEVERITY = ["error", "warning", "info", "hint"] as const;

/** The active editor's file, selection and diagnostics, or undefined when no file is open. */
export function activeEditorContext(): EditorContext | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const doc = editor.document;
  const sel = editor.selection;
  return {
    file: vscode.workspace.asRelativePath(doc.uri, false),
    languageId: doc.languageId,
    ...(sel.isEmpty
      ? {}
      : { selection: { startLine: sel.start.line + 1, endLine: sel.end.line + 1, text: doc.getText(sel) } }),
    diagnostics: vscode.languages.getDiagnostics(doc.uri).map((d) => ({
      line: d.range.start.line + 1,
      severity: SEVERITY[d.severity] ?? "info",
      message: d.message,
    })),
  };
}
