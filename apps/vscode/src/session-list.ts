import type { PermissionMode, SessionInfo } from "@berth/protocol";
import type { Host } from "./host";
import type { DaemonLink } from "./link";

export interface SessionItem {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  /** `live` or `stored`, for the view's context menus. */
  contextValue: "live" | "stored";
}

export interface SearchResult {
  sessionId: string;
  label: string;
  /** The matching text, matches between « and ». */
  detail: string;
  /** Which message matched (0-based). */
  idx: number;
}

/** Why a session could not be started, in words the user can act on. */
export class StartRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartRefused";
  }
}

/** The sessions view: the sessions of the workspace folder, live and stored, and what to do with them. */
export class SessionListController {
  constructor(
    private readonly link: DaemonLink,
    private readonly host: Host,
  ) {}

  async items(): Promise<SessionItem[]> {
    const cwd = this.host.workspaceFolder();
    if (!cwd) return [];
    const conn = await this.link.get();
    const { sessions } = await conn.request("session/list", { cwd, limit: 100 });
    return sessions.map(toItem);
  }

  /**
   * Starts a session in the workspace folder. Respects both trusts: in VS Code's Restricted Mode
   * the session starts in plan (read-only) mode without the folder's project settings; otherwise
   * Berth's own trust question appears as a modal when the folder was never decided.
   */
  async create(): Promise<SessionInfo> {
    const cwd = this.host.workspaceFolder();
    if (!cwd) throw new StartRefused("Open a folder first: Berth sessions run in a workspace folder.");
    const conn = await this.link.get();
    let permissionMode: PermissionMode | undefined;
    let trustWorkspace: boolean | undefined;
    if (!this.host.isWorkspaceTrusted()) {
      permissionMode = "plan";
      trustWorkspace = false;
      this.host.info(
        "Restricted Mode: the Berth session starts read-only (plan mode) and ignores this folder's project settings. Trust the workspace to lift this.",
      );
    } else {
      const trust = await conn.request("trust/get", { cwd });
      if (trust.decidedAt === null) {
        const answer = await this.host.modal(
          `Do you trust the files in ${trust.folder}?`,
          "Berth will read this folder's project settings, CLAUDE.md and hooks, and may run commands there with your permission.",
          ["Trust folder", "Don't trust"],
        );
        if (answer === undefined)
          throw new StartRefused("No session started: the trust question was cancelled.");
        await conn.request("trust/set", { cwd, trusted: answer === "Trust folder" });
      }
    }
    const { session } = await conn.request("session/create", {
      cwd,
      env: this.host.sessionEnv(),
      ...(permissionMode ? { permissionMode } : {}),
      ...(trustWorkspace !== undefined ? { trustWorkspace } : {}),
    });
    return session;
  }

  /** Loads a stored session into the daemon (a no-op for a live one). */
  async resume(sessionId: string): Promise<SessionInfo> {
    const conn = await this.link.get();
    const { session } = await conn.request("session/resume", {
      sessionId,
      env: this.host.sessionEnv(),
      ...(this.host.isWorkspaceTrusted() ? {} : { permissionMode: "plan" as const, trustWorkspace: false }),
    });
    return session;
  }

  /** A new session with a copy of this one's conversation, loaded and ready to continue. */
  async fork(sessionId: string): Promise<SessionInfo> {
    const conn = await this.link.get();
    const { session } = await conn.request("session/fork", { sessionId });
    return this.resume(session.id);
  }

  /** Full-text search over the folder's stored conversations, best match first. */
  async search(query: string): Promise<SearchResult[]> {
    const cwd = this.host.workspaceFolder();
    const conn = await this.link.get();
    const { hits } = await conn.request("history/search", {
      query,
      limit: 50,
      highlight: ["«", "»"],
      ...(cwd ? { cwd } : {}),
    });
    return hits.map((h) => ({
      sessionId: h.sessionId,
      label: h.title ?? h.sessionId,
      detail: h.snippet,
      idx: h.idx,
    }));
  }

  async delete(sessionId: string): Promise<boolean> {
    const answer = await this.host.modal(
      "Delete this Berth session?",
      "Its stored transcript is removed; a live session is closed first.",
      ["Delete"],
    );
    if (answer !== "Delete") return false;
    const conn = await this.link.get();
    await conn.request("history/delete", { sessionId, force: true });
    return true;
  }
}

function toItem(s: SessionInfo): SessionItem {
  const title = s.title ?? s.firstPrompt ?? "(new session)";
  const when = new Date(s.updatedAt).toLocaleString();
  return {
    id: s.id,
    label: title.length > 60 ? `${title.slice(0, 59)}…` : title,
    description: `${s.live ? s.status.replace("_", " ") : "stored"} · ${when}`,
    tooltip: `${s.id}\n${s.cwd}\n${s.messageCount} messages · ${s.permissionMode}`,
    contextValue: s.live ? "live" : "stored",
  };
}
