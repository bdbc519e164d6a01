import { type BerthConnection, SessionView } from "@berth/client";
import type { PermissionRequest, SessionEventNotification, SessionInfo } from "@berth/protocol";
import type { Host } from "./host";
import type { DaemonLink } from "./link";
import { FromWebview, type Header, type ToWebview, type WireEvent } from "./messages";
import { PermissionController } from "./permissions";

/** Events per message when a (re)loaded webview is sent the history. */
const SNAPSHOT_BATCH = 500;
const FIRST_BATCH = 50;

/**
 * One chat panel's state: the session it shows, the events drawn so far (by sequence number),
 * the header (status, mode, cost). It forwards session events to the webview, validates what the
 * webview sends back, and re-attaches with its cursor after a reconnect, telling the user how many
 * events were missed.
 */
export class PanelController {
  readonly events: WireEvent[] = [];
  header: Header;
  readonly permissions: PermissionController;
  /** Questions the daemon asked and nobody has answered yet, by request id. */
  private readonly pending = new Map<string, PermissionRequest>();
  private view: SessionView;
  private readonly listeners: Array<(m: ToWebview) => void> = [];
  private readonly headerListeners: Array<(h: Header) => void> = [];
  private offLink: () => void;
  private restoreNotice: ToWebview | undefined;

  private constructor(
    private readonly link: DaemonLink,
    private readonly host: Host,
    conn: BerthConnection,
    session: SessionInfo,
  ) {
    this.header = {
      sessionId: session.id,
      title: session.title ?? session.firstPrompt ?? "New session",
      status: session.status,
      mode: session.permissionMode,
      costUsd: 0,
      connected: true,
    };
    this.view = new SessionView(conn, session.id);
    this.view.on("event", (n: SessionEventNotification) => this.onEvent(n));
    this.view.on("dropped", (reason: string) =>
      this.post({
        type: "notice",
        level: "warning",
        text: `This client was dropped from the session: ${reason}`,
      }),
    );
    this.permissions = new PermissionController(host, async (request, answer) => {
      await this.view.respond(request, answer);
    });
    const onReconnected = (c: BerthConnection) => void this.reattach(c);
    const onDisconnected = () => this.setHeader({ connected: false });
    link.on("reconnected", onReconnected);
    link.on("disconnected", onDisconnected);
    this.offLink = () => {
      link.off("reconnected", onReconnected);
      link.off("disconnected", onDisconnected);
    };
  }

  /** Opens a panel on a session: attaches from the start and replays its history. */
  static async open(
    link: DaemonLink,
    host: Host,
    session: SessionInfo,
    /** The last event a restored webview had drawn before a window reload. */
    seenSeq?: number,
  ): Promise<PanelController> {
    const conn = await link.get();
    const panel = new PanelController(link, host, conn, session);
    await panel.view.attach(0);
    if (seenSeq !== undefined) {
      const missed = panel.events.filter((e) => e.seq > seenSeq).length;
      panel.restoreNotice = {
        type: "notice",
        level: "info",
        text: `Restored after a window reload: ${missed} event${missed === 1 ? "" : "s"} happened since this panel last showed the session (after #${seenSeq}).`,
      };
    }
    return panel;
  }

  get sessionId(): string {
    return this.header.sessionId;
  }

  get lastSeq(): number {
    return this.view.lastSeq;
  }

  /** Subscribes the webview (or a test) to messages; returns the unsubscribe. */
  onMessage(listener: (m: ToWebview) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  onHeader(listener: (h: Header) => void): void {
    this.headerListeners.push(listener);
  }

  /** What a freshly loaded webview needs: the header and every event so far. */
  snapshot(): ToWebview[] {
    const out: ToWebview[] = [{ type: "reset", header: this.header }];
    // In batches, a small one first: it draws while the rest are still on their way.
    for (let i = 0; i < this.events.length; ) {
      const size = i === 0 ? FIRST_BATCH : SNAPSHOT_BATCH;
      out.push({ type: "events", events: this.events.slice(i, i + size) });
      i += size;
    }
    if (this.restoreNotice) out.push(this.restoreNotice);
    return out;
  }

  /** A message from the webview. Anything that does not validate is dropped with a warning. */
  async receive(raw: unknown): Promise<ToWebview[] | undefined> {
    const parsed = FromWebview.safeParse(raw);
    if (!parsed.success) {
      this.post({ type: "notice", level: "error", text: "Ignored an invalid message from the chat view." });
      return undefined;
    }
    const m = parsed.data;
    try {
      if (m.type === "ready") return this.snapshot();
      if (m.type === "send") await this.view.send(m.text);
      else if (m.type === "interrupt") await this.view.interrupt();
      else if (m.type === "mention") {
        const file = await this.host.pickFile();
        return file ? [{ type: "insert", text: `${file.includes(" ") ? `"${file}"` : file} ` }] : undefined;
      } else if (m.type === "answer") {
        const request = this.pending.get(m.requestId);
        if (!request) {
          this.post({ type: "notice", level: "info", text: "That question was already answered." });
          return undefined;
        }
        this.permissions.resolved(m.requestId);
        await this.view.respond(request, m.answer);
      }
    } catch (error) {
      this.post({ type: "notice", level: "error", text: (error as Error).message });
    }
    return undefined;
  }

  send(text: string): Promise<unknown> {
    return this.view.send(text);
  }

  interrupt(): Promise<unknown> {
    return this.view.interrupt();
  }

  /** After the link came back: re-attach with the cursor and say what was missed. */
  async reattach(conn: BerthConnection): Promise<void> {
    const before = this.events.length;
    try {
      const info = await conn.request("session/get", { sessionId: this.sessionId });
      if (!info.session.live) {
        await conn.request("session/resume", { sessionId: this.sessionId, env: this.host.sessionEnv() });
      }
      await this.view.reattach(conn);
    } catch (error) {
      this.post({ type: "notice", level: "error", text: `Could not re-attach: ${(error as Error).message}` });
      return;
    }
    this.setHeader({ connected: true });
    const missed = this.events.length - before;
    this.post({
      type: "notice",
      level: "info",
      text: `Reconnected to the Berth daemon; ${missed} event${missed === 1 ? "" : "s"} missed while disconnected ${missed === 1 ? "is" : "are"} shown above.`,
    });
  }

  async dispose(): Promise<void> {
    this.offLink();
    this.permissions.dispose();
    if (this.link.connection) await this.view.detach().catch(() => undefined);
  }

  private onEvent(n: SessionEventNotification): void {
    const e = n.event;
    const wire: WireEvent = { seq: n.seq, event: e };
    this.events.push(wire);
    this.post({ type: "events", events: [wire] });
    if (e.type === "status") this.setHeader({ status: e.status });
    else if (e.type === "mode_changed" || e.type === "session_started")
      this.setHeader({ mode: e.permissionMode });
    else if (e.type === "usage") this.setHeader({ costUsd: this.header.costUsd + e.costUsd });
    else if (e.type === "user_message" && this.header.title === "New session")
      this.setHeader({ title: e.text.slice(0, 60) });
    else if (e.type === "permission_request") {
      this.pending.set(e.request.requestId, e.request);
      void this.permissions.ask(e.request);
    } else if (e.type === "permission_resolved") {
      this.pending.delete(e.requestId);
      this.permissions.resolved(e.requestId);
    }
  }

  private setHeader(patch: Partial<Header>): void {
    this.header = { ...this.header, ...patch };
    this.post({ type: "header", header: this.header });
    for (const l of this.headerListeners) l(this.header);
  }

  private post(message: ToWebview): void {
    for (const l of [...this.listeners]) l(message);
  }
}
