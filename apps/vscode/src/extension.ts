import { existsSync, realpathSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { resolveBerthHome, type SessionInfo } from "@berth/protocol";
import * as vscode from "vscode";
import { CommandController } from "./commands";
import { contextPrompt } from "./editor-context";
import { activeEditorContext } from "./editor-glue";
import type { Host } from "./host";
import { DaemonLink } from "./link";
import { WebviewState } from "./messages";
import { PanelController } from "./panel";
import { SessionListController, type SessionItem } from "./session-list";
import { statusText } from "./status";
import { SessionTree } from "./tree";
import { ProposedContent, vscodeHost } from "./vscode-host";
import { webviewHtml } from "./webview-html";

interface OpenPanel {
  panel: vscode.WebviewPanel;
  controller: PanelController;
}

/** berth-daemon.js: the setting, BERTH_DAEMON_ENTRY, or next to the `berth` on PATH. */
function findDaemonEntry(): string | undefined {
  const setting = vscode.workspace.getConfiguration("berth").get<string>("daemonEntry");
  if (setting) return setting;
  if (process.env.BERTH_DAEMON_ENTRY) return process.env.BERTH_DAEMON_ENTRY;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const bin = join(dir, "berth");
    if (!existsSync(bin)) continue;
    const real = dirname(realpathSync(bin));
    for (const c of [join(real, "berth-daemon.js"), join(real, "../../daemon/dist/berth-daemon.js")])
      if (existsSync(c)) return c;
  }
  return undefined;
}

export function activate(context: vscode.ExtensionContext): void {
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  status.command = "berth.showPanel";
  const proposed = new ProposedContent();
  const host: Host = vscodeHost(proposed, status);
  const home =
    vscode.workspace.getConfiguration("berth").get<string>("home") || resolveBerthHome(process.env);
  const entry = findDaemonEntry();
  const link = new DaemonLink({ home, ...(entry ? { daemonEntry: entry } : {}) });
  const list = new SessionListController(link, host);
  const commands = new CommandController(link, host);
  const tree = new SessionTree(list);
  const panels = new Map<string, OpenPanel>();
  let active: OpenPanel | undefined;
  const showStatus = () => {
    const s = statusText(active?.controller.header);
    host.setStatus(s.text, s.tooltip);
  };
  showStatus();

  const media = vscode.Uri.joinPath(context.extensionUri, "dist");
  const webviewOptions = { enableScripts: true, localResourceRoots: [media] };
  /** Opens (or, after a window reload, restores into `restored`) the chat panel of a session. */
  const openPanel = async (
    session: SessionInfo,
    restored?: { panel: vscode.WebviewPanel; seenSeq: number },
  ): Promise<void> => {
    const existing = panels.get(session.id);
    if (existing) return existing.panel.reveal();
    const panel =
      restored?.panel ??
      vscode.window.createWebviewPanel(
        "berth.chat",
        `Berth: ${session.title ?? "session"}`,
        vscode.ViewColumn.Beside,
        { ...webviewOptions, retainContextWhenHidden: true },
      );
    panel.webview.options = webviewOptions;
    const controller = await PanelController.open(link, host, session, restored?.seenSeq);
    const entry: OpenPanel = { panel, controller };
    panels.set(session.id, entry);
    active = entry;
    panel.webview.html = webviewHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, "webview.js")).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, "chat.css")).toString(),
    });
    const off = controller.onMessage((m) => void panel.webview.postMessage(m));
    controller.onHeader((h) => {
      panel.title = `Berth: ${h.title}`;
      if (active === entry) showStatus();
    });
    panel.webview.onDidReceiveMessage(async (raw) => {
      for (const m of (await controller.receive(raw)) ?? []) void panel.webview.postMessage(m);
    });
    panel.onDidChangeViewState(() => {
      if (panel.active) {
        active = entry;
        showStatus();
      }
    });
    panel.onDidDispose(() => {
      off();
      panels.delete(session.id);
      if (active === entry) active = undefined;
      void controller.dispose();
      showStatus();
    });
    showStatus();
    tree.refresh();
  };

  const run =
    <A extends unknown[]>(fn: (...args: A) => Promise<unknown>) =>
    async (...args: A) => {
      try {
        await fn(...args);
      } catch (error) {
        void vscode.window.showErrorMessage(`Berth: ${(error as Error).message}`);
      }
    };
  const pick = async (
    placeHolder: string,
    filter: (s: SessionItem) => boolean,
  ): Promise<string | undefined> => {
    const items = (await list.items()).filter(filter);
    if (!items.length) throw new Error("No matching Berth sessions in this folder.");
    const chosen = await vscode.window.showQuickPick(
      items.map((s) => ({ label: s.label, description: s.description, id: s.id })),
      { placeHolder },
    );
    return chosen?.id;
  };
  const activeId = () => {
    if (!active) throw new Error("No Berth session is open. Start one with Berth: New Session.");
    return active.controller.sessionId;
  };

  context.subscriptions.push(
    status,
    vscode.workspace.registerTextDocumentContentProvider(ProposedContent.scheme, proposed),
    vscode.window.registerTreeDataProvider("berth.sessions", tree),
    vscode.commands.registerCommand(
      "berth.newSession",
      run(async () => openPanel(await list.create())),
    ),
    vscode.commands.registerCommand(
      "berth.attach",
      run(async (item?: SessionItem) => {
        const id = item?.id ?? (await pick("Attach to a live session", (s) => s.contextValue === "live"));
        if (id) await openPanel((await (await link.get()).request("session/get", { sessionId: id })).session);
      }),
    ),
    vscode.commands.registerCommand(
      "berth.resume",
      run(async (item?: SessionItem) => {
        const id = item?.id ?? (await pick("Resume a session", () => true));
        if (id) await openPanel(await list.resume(id));
      }),
    ),
    vscode.commands.registerCommand(
      "berth.openSession",
      run(async (item: SessionItem) => openPanel(await list.resume(item.id))),
    ),
    vscode.commands.registerCommand(
      "berth.deleteSession",
      run(async (item?: SessionItem) => {
        const id = item?.id ?? (await pick("Delete a session", () => true));
        if (id && (await list.delete(id))) tree.refresh();
      }),
    ),
    vscode.commands.registerCommand(
      "berth.fork",
      run(async (item?: SessionItem) => {
        const id = item?.id ?? (await pick("Fork a session", () => true));
        if (id) await openPanel(await list.fork(id));
      }),
    ),
    vscode.commands.registerCommand(
      "berth.search",
      run(async () => {
        const query = await vscode.window.showInputBox({
          prompt: "Search this folder's Berth conversations",
        });
        if (!query) return;
        const hits = await list.search(query);
        if (!hits.length)
          return void vscode.window.showInformationMessage(`Berth: nothing matches “${query}”.`);
        const chosen = await vscode.window.showQuickPick(hits, { matchOnDetail: true, placeHolder: query });
        if (chosen) await openPanel(await list.resume(chosen.sessionId));
      }),
    ),
    vscode.commands.registerCommand(
      "berth.askAboutSelection",
      run(async () => {
        const ctx = activeEditorContext();
        if (!ctx) throw new Error("Open a file (and select some code) first.");
        const question = await vscode.window.showInputBox({ prompt: "Ask Berth about the selection" });
        if (question === undefined) return;
        if (!active) await openPanel(await list.create());
        await active?.controller.send(contextPrompt(question, ctx));
        active?.panel.reveal();
      }),
    ),
    vscode.commands.registerCommand("berth.refreshSessions", () => tree.refresh()),
    vscode.commands.registerCommand(
      "berth.showPanel",
      run(async () => (active ? active.panel.reveal() : vscode.commands.executeCommand("berth.newSession"))),
    ),
    vscode.commands.registerCommand(
      "berth.interrupt",
      run(async () => active?.controller.interrupt() ?? activeId()),
    ),
    vscode.commands.registerCommand(
      "berth.openTranscript",
      run(async () => commands.transcript(activeId())),
    ),
    vscode.commands.registerCommand(
      "berth.showCost",
      run(async () => commands.cost(active?.controller.sessionId)),
    ),
    vscode.commands.registerCommand(
      "berth.trustFolder",
      run(async () => commands.trustFolder()),
    ),
    vscode.commands.registerCommand(
      "berth.doctor",
      run(async () => commands.doctor()),
    ),
    vscode.workspace.onDidGrantWorkspaceTrust(() => tree.refresh()),
    // After a window reload VS Code brings the panel back with the webview's saved state.
    vscode.window.registerWebviewPanelSerializer("berth.chat", {
      async deserializeWebviewPanel(panel, state) {
        const saved = WebviewState.safeParse(state);
        if (!saved.success) return panel.dispose();
        try {
          const { session } = await (await link.get()).request("session/get", {
            sessionId: saved.data.sessionId,
          });
          await openPanel(session.live ? session : await list.resume(session.id), {
            panel,
            seenSeq: saved.data.lastSeq,
          });
        } catch (error) {
          panel.dispose();
          void vscode.window.showErrorMessage(
            `Berth: could not restore the chat panel: ${(error as Error).message}`,
          );
        }
      },
    }),
    { dispose: () => void link.dispose() },
  );
}

export function deactivate(): void {}
