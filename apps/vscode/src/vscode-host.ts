import * as vscode from "vscode";
import type { ChoiceItem, DiffSide, Host, PendingChoice } from "./host";
import { sessionEnvFrom } from "./session-env";

/** Proposed file contents for the diff editor, served from memory under the `berth-proposed` scheme. */
export class ProposedContent implements vscode.TextDocumentContentProvider {
  static readonly scheme = "berth-proposed";
  private readonly docs = new Map<string, string>();
  private next = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.query) ?? "";
  }

  put(title: string, content: string): vscode.Uri {
    const key = String(++this.next);
    this.docs.set(key, content);
    return vscode.Uri.from({
      scheme: ProposedContent.scheme,
      path: `/${title.replace(/^\/+/, "")}`,
      query: key,
    });
  }
}

/** The Host interface on the real `vscode` API. */
export function vscodeHost(proposed: ProposedContent, status: vscode.StatusBarItem): Host {
  return {
    workspaceFolder: () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isWorkspaceTrusted: () => vscode.workspace.isTrusted,
    sessionEnv: () => sessionEnvFrom(process.env),
    info: (m) => void vscode.window.showInformationMessage(m),
    error: (m) => void vscode.window.showErrorMessage(m),
    modal: async <T extends string>(message: string, detail: string, buttons: T[]) =>
      (await vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons)) as T | undefined,
    choose<T extends string>(title: string, placeholder: string, items: ChoiceItem<T>[]): PendingChoice<T> {
      const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { value: T }>();
      pick.title = title;
      pick.placeholder = placeholder;
      pick.ignoreFocusOut = true;
      pick.items = items.map((i) => ({ label: i.label, detail: i.detail, value: i.value }));
      const result = new Promise<T | undefined>((resolve) => {
        pick.onDidAccept(() => {
          resolve(pick.selectedItems[0]?.value);
          pick.hide();
        });
        pick.onDidHide(() => {
          resolve(undefined);
          pick.dispose();
        });
      });
      pick.show();
      return { result, cancel: () => pick.hide() };
    },
    async showDiff(current: DiffSide, proposedSide: DiffSide, title: string) {
      const left = proposed.put(current.title, current.content);
      const right = proposed.put(proposedSide.title, proposedSide.content);
      await vscode.commands.executeCommand("vscode.diff", left, right, title, { preview: true });
      return () => {
        for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
          const input = tab.input;
          if (input instanceof vscode.TabInputTextDiff && input.modified.toString() === right.toString())
            void vscode.window.tabGroups.close(tab);
        }
      };
    },
    async openDocument(content, language) {
      const doc = await vscode.workspace.openTextDocument({ content, language });
      await vscode.window.showTextDocument(doc, { preview: false });
    },
    async pickFile() {
      const files = await vscode.workspace.findFiles("**/*", "**/{node_modules,.git}/**", 5000);
      const paths = files.map((f) => vscode.workspace.asRelativePath(f, false)).sort();
      return vscode.window.showQuickPick(paths, { placeHolder: "Mention a file" });
    },
    setStatus(text, tooltip) {
      status.text = text;
      status.tooltip = tooltip;
      status.show();
    },
  };
}
