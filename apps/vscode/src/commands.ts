import type { Host } from "./host";
import type { DaemonLink } from "./link";
import { formatCost } from "./status";

/** The palette commands that are not about one panel: transcript, cost, trust, doctor. */
export class CommandController {
  constructor(
    private readonly link: DaemonLink,
    private readonly host: Host,
  ) {}

  /** The whole transcript as Markdown (history/export, followed chunk by chunk). */
  async transcript(sessionId: string): Promise<string> {
    const conn = await this.link.get();
    let out = "";
    let cursor: string | undefined;
    do {
      const chunk = await conn.request("history/export", {
        sessionId,
        format: "markdown",
        ...(cursor ? { cursor } : {}),
      });
      out += chunk.data;
      cursor = chunk.nextCursor ?? undefined;
    } while (cursor);
    await this.host.openDocument(out, "markdown");
    return out;
  }

  async cost(sessionId?: string): Promise<string> {
    const cwd = this.requireFolder();
    const conn = await this.link.get();
    const r = await conn.request("cost/status", { cwd, ...(sessionId ? { sessionId } : {}) });
    const parts = [
      ...(r.session ? [`this session ${formatCost(r.session.costUsd)}`] : []),
      `today ${formatCost(r.today.costUsd)}`,
      `this month ${formatCost(r.month.costUsd)}`,
    ];
    const text = `Berth cost: ${parts.join(" · ")}`;
    this.host.info(text);
    return text;
  }

  /** Records trust for the folder, after VS Code's own trust (Restricted Mode blocks it). */
  async trustFolder(): Promise<boolean> {
    const cwd = this.requireFolder();
    if (!this.host.isWorkspaceTrusted()) {
      this.host.error(
        "Trust this workspace in VS Code first (Manage Workspace Trust); Berth follows VS Code's decision.",
      );
      return false;
    }
    const conn = await this.link.get();
    const { folder } = await conn.request("trust/get", { cwd });
    const answer = await this.host.modal(
      `Do you trust the files in ${folder}?`,
      "Berth will read this folder's project settings, CLAUDE.md and hooks.",
      ["Trust folder", "Don't trust"],
    );
    if (answer === undefined) return false;
    const r = await conn.request("trust/set", { cwd, trusted: answer === "Trust folder" });
    this.host.info(r.trusted ? `Berth trusts ${r.folder}.` : `Berth does not trust ${r.folder}.`);
    return r.trusted;
  }

  /** The daemon's health, credentials and the folder's trust, as a Markdown report. */
  async doctor(): Promise<string> {
    const cwd = this.host.workspaceFolder();
    const conn = await this.link.get();
    const status = await conn.request("daemon/status", {});
    const lines = [
      "# Berth doctor",
      "",
      `- daemon: pid ${status.pid}, version ${status.version}, protocol ${status.protocolVersion}`,
      `- home: ${status.home}`,
      `- up ${Math.round(status.uptimeMs / 1000)} s, ${status.liveSessions} live sessions, ${status.clients} clients`,
    ];
    if (cwd) {
      const auth = await conn.request("auth/status", { cwd, env: this.host.sessionEnv() });
      const trust = await conn.request("trust/get", { cwd });
      lines.push(
        `- provider: ${auth.provider}, credential: ${auth.credential ?? "none — set ANTHROPIC_API_KEY or run berth login"}`,
        `- model: ${auth.model}`,
        `- folder ${trust.folder}: ${trust.trusted ? "trusted" : trust.decidedAt === null ? "trust not decided" : "not trusted"}`,
        `- VS Code workspace trust: ${this.host.isWorkspaceTrusted() ? "trusted" : "Restricted Mode"}`,
      );
    }
    const report = `${lines.join("\n")}\n`;
    await this.host.openDocument(report, "markdown");
    return report;
  }

  private requireFolder(): string {
    const cwd = this.host.workspaceFolder();
    if (!cwd) throw new Error("Open a folder first: Berth works per workspace folder.");
    return cwd;
  }
}
