import { randomUUID } from "node:crypto";
import type { AgentSession, PermissionGate } from "@berth/agent";
import type {
  PermissionAnswer,
  PermissionMode,
  SessionEvent,
  SessionEventNotification,
  SessionInfo,
  SessionStatus,
} from "@berth/protocol";
import type { Store } from "@berth/store";
import type { Logger } from "../lifecycle/logger";
import { EventLog } from "./event-log";
import { PermissionBroker } from "./permission-broker";

/** A client's subscription to one session's events. */
export interface Subscriber {
  readonly clientId: string;
  /** Returns false when the client cannot keep up; it is then dropped and may re-attach. */
  deliver(note: SessionEventNotification): boolean;
  dropped(reason: string): void;
}

export interface LiveSessionInit {
  info: Omit<SessionInfo, "live" | "attachedClients" | "status" | "lastSeq">;
  lastSeq: number;
  store: Store | undefined;
  logger: Logger;
  interactive: boolean;
  /** Builds the agent once the session's event sink and gate exist. */
  makeAgent: (session: LiveSession) => AgentSession;
  dispose: () => Promise<void> | void;
}

/**
 * One session loaded in the daemon: its event log, attached clients, turn queue and
 * pending permission questions. The agent loop runs here, not in any client.
 */
export class LiveSession {
  readonly id: string;
  readonly log: EventLog;
  readonly permissions = new PermissionBroker();
  readonly interactive: boolean;
  private readonly subscribers = new Map<string, Subscriber>();
  private readonly queue: Array<{ text: string; turnId: string }> = [];
  private readonly agent: AgentSession;
  private status: SessionStatus = "idle";
  private running: Promise<void> | undefined;
  private info: LiveSessionInit["info"];
  /** Answers "allow for this session" are remembered here (never persisted). */
  readonly sessionAllows = new Set<string>();

  constructor(private readonly init: LiveSessionInit) {
    this.id = init.info.id;
    this.info = { ...init.info };
    this.interactive = init.interactive;
    this.log = new EventLog(this.id, init.store, init.lastSeq);
    this.agent = init.makeAgent(this);
  }

  get permissionMode(): PermissionMode {
    return this.info.permissionMode;
  }

  get cwd(): string {
    return this.info.cwd;
  }

  get isBusy(): boolean {
    return this.running !== undefined;
  }

  get attachedCount(): number {
    return this.subscribers.size;
  }

  snapshot(): SessionInfo {
    return {
      ...this.info,
      status: this.status,
      lastSeq: this.log.lastSeq,
      live: true,
      attachedClients: this.subscribers.size,
    };
  }

  emit(event: SessionEvent): void {
    let note: SessionEventNotification;
    try {
      note = this.log.append(event);
    } catch (error) {
      // The store refused the write (disk full, read-only home): keep the session usable,
      // tell the clients, and don't pretend the event was stored.
      this.init.logger.error({ err: error, session: this.id }, "event not stored");
      throw error;
    }
    for (const [id, sub] of this.subscribers) {
      if (!sub.deliver(note)) {
        this.subscribers.delete(id);
        sub.dropped("client fell too far behind; re-attach with the last seen seq");
      }
    }
  }

  attach(sub: Subscriber, afterSeq: number): void {
    this.subscribers.set(sub.clientId, sub);
    this.log.replay(afterSeq, (note) => {
      sub.deliver(note);
    });
  }

  detach(clientId: string): void {
    this.subscribers.delete(clientId);
  }

  setStatus(status: SessionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit({ type: "status", status });
  }

  setMode(mode: PermissionMode): void {
    this.info.permissionMode = mode;
    this.emit({ type: "mode_changed", permissionMode: mode });
  }

  /** Queues a user message; turns run one at a time, in order. */
  send(text: string): string {
    const turnId = randomUUID();
    this.queue.push({ text, turnId });
    if (!this.info.firstPrompt) this.info.firstPrompt = text.slice(0, 200);
    if (!this.running) this.running = this.drain();
    return turnId;
  }

  interrupt(): boolean {
    const wasRunning = this.running !== undefined;
    this.queue.length = 0;
    if (wasRunning) this.agent.interrupt("Interrupted by user");
    return wasRunning;
  }

  answerPermission(requestId: string, answer: PermissionAnswer, by: string, message?: string): void {
    this.permissions.answer(requestId, { answer, by, ...(message ? { message } : {}) });
  }

  /** Resolves when the running turn (if any) has finished and been stored. */
  async settle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.interrupt();
    await this.settle();
    await this.init.dispose();
  }

  gateFor(gate: (session: LiveSession) => PermissionGate): PermissionGate {
    return gate(this);
  }

  private async drain(): Promise<void> {
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        this.setStatus("running");
        this.info.updatedAt = Date.now();
        const outcome = await this.agent.runTurn(next.text, next.turnId);
        this.init.logger.info(
          { session: this.id, turn: next.turnId, status: outcome.status, requests: outcome.numRequests },
          "turn finished",
        );
      }
    } catch (error) {
      this.init.logger.error({ err: error, session: this.id }, "turn crashed");
      this.safeEmit({ type: "notice", level: "error", message: `Turn failed: ${(error as Error).message}` });
    } finally {
      this.running = undefined;
      this.safeSetStatus("idle");
    }
  }

  private safeEmit(event: SessionEvent): void {
    try {
      this.emit(event);
    } catch {
      // already logged in emit
    }
  }

  private safeSetStatus(status: SessionStatus): void {
    try {
      this.setStatus(status);
    } catch {
      // already logged in emit
    }
  }
}
