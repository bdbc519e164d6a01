import * as vscode from "vscode";
import type { SessionItem, SessionListController } from "./session-list";

/** The Sessions view: a flat tree fed by the SessionListController. */
export class SessionTree implements vscode.TreeDataProvider<SessionItem> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly list: SessionListController) {}

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(s: SessionItem): vscode.TreeItem {
    const item = new vscode.TreeItem(s.label, vscode.TreeItemCollapsibleState.None);
    item.id = s.id;
    item.description = s.description;
    item.tooltip = s.tooltip;
    item.contextValue = s.contextValue;
    item.iconPath = new vscode.ThemeIcon(s.contextValue === "live" ? "pulse" : "history");
    item.command = { command: "berth.openSession", title: "Open", arguments: [s] };
    return item;
  }

  async getChildren(): Promise<SessionItem[]> {
    try {
      return await this.list.items();
    } catch (error) {
      void vscode.window.showErrorMessage(`Berth: ${(error as Error).message}`);
      return [];
    }
  }
}
