import { EventEmitter } from "node:events";
import type {
  PermissionAnswer,
  PermissionMode,
  PermissionRequest,
  ResultOf,
  SessionEventNotification,
} from "@berth/protocol";
import type { BerthConnection } from "./connection";

/**
 * A client's view of one session: attaches, keeps the last sequence number it saw and
 * drops duplicates, so re-attaching after a disconnect yields each event exactly once.
 * Emits `event` (SessionEventNotification), `snapshot` (SessionSnapshot, when the daemon
 * summarised instead of replaying: draw it, then the events that follow) and `dropped` (reason).
 */
export class SessionView extends EventEmitter {
  lastSeq = 0;
  private unsubscribe: (() => void) | undefined;
  /** Events that arrive while an attach is in flight wait here: a snapshot must come first. */
  private held: SessionEventNotification[] | undefined;

  constructor(
    private connection: BerthConnection,
    readonly sessionId: string,
  ) {
    super();
  }

  /**
   * Attaches and receives what was missed since `afterSeq`, each event once, in order. With
   * more than `maxReplay` missed events the daemon sends a snapshot instead (emitted as
   * `snapshot` before any later event).
   */
  async attach(
    afterSeq = this.lastSeq,
    options: { maxReplay?: number } = {},
  ): Promise<ResultOf<"session/attach">> {
    this.lastSeq = afterSeq;
    this.listen();
    this.held ??= [];
    try {
      const result = await this.connection.request("session/attach", {
        sessionId: this.sessionId,
        afterSeq,
        ...(options.maxReplay !== undefined ? { maxReplay: options.maxReplay } : {}),
      });
      if (result.snapshot) {
        this.lastSeq = result.snapshot.seq;
        this.emit("snapshot", result.snapshot);
      }
      return result;
    } finally {
      const held = this.held ?? [];
      this.held = undefined;
      for (const note of held) this.onEvent(note);
    }
  }

  /** Switches to a new connection (after a reconnect) and replays what was missed. */
  async reattach(connection: BerthConnection): Promise<ResultOf<"session/attach">> {
    this.unsubscribe?.();
    this.connection = connection;
    return this.attach(this.lastSeq);
  }

  /** Starts listening without an attach call (the creator of a session is attached already). */
  listen(): void {
    if (this.unsubscribe) return;
    const offEvent = this.connection.onNotification("session/event", (n) => this.onEvent(n));
    const offDropped = this.connection.onNotification("session/dropped", (n) => {
      if (n.sessionId === this.sessionId) this.emit("dropped", n.reason);
    });
    this.unsubscribe = () => {
      offEvent();
      offDropped();
      this.unsubscribe = undefined;
    };
  }

  async detach(): Promise<void> {
    this.unsubscribe?.();
    if (this.connection.isOpen)
      await this.connection.request("session/detach", { sessionId: this.sessionId });
  }

  send(text: string): Promise<ResultOf<"session/send">> {
    return this.connection.request("session/send", { sessionId: this.sessionId, text });
  }

  interrupt(): Promise<ResultOf<"session/interrupt">> {
    return this.connection.request("session/interrupt", { sessionId: this.sessionId });
  }

  setMode(permissionMode: PermissionMode): Promise<ResultOf<"session/setMode">> {
    return this.connection.request("session/setMode", { sessionId: this.sessionId, permissionMode });
  }

  respond(request: PermissionRequest, answer: PermissionAnswer, message?: string): Promise<unknown> {
    return this.connection.request("permission/respond", {
      sessionId: this.sessionId,
      requestId: request.requestId,
      answer,
      ...(message ? { message } : {}),
    });
  }

  private onEvent(n: SessionEventNotification): void {
    if (n.sessionId !== this.sessionId) return;
    if (this.held) {
      this.held.push(n);
      return;
    }
    if (n.seq <= this.lastSeq) return;
    this.lastSeq = n.seq;
    this.emit("event", n);
  }
}
