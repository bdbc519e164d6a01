import { randomUUID } from "node:crypto";
import type { AgentSession, PermissionGate } from "@berth/agent";
import {
  type PermissionAnswer,
  type PermissionMode,
  ProtocolError,
  type SessionEvent,
  type SessionEventNotification,
  type SessionInfo,
  type SessionSnapshot,
  type SessionStatus,
} from "@berth/protocol";
import type { MessageInput, Store } from "@berth/store";
import type { Logger } from "../lifecycle/logger";
import { EventLog } from "./event-log";
import { GroupCommit } from "./group-commit";
import { historyPage, type MessagePage, storedTail } from "./message-pages";
import { PermissionBroker } from "./permission-broker";
import { type Subscriber, Subscribers } from "./subscribers";
import { TurnTracker } from "./turn-tracker";
import { type QueuedWork, WorkQueue } from "./work-queue";

/** Complete messages a snapshot carries; older ones are paged with `session/messages`. */
const SNAPSHOT_MESSAGES = 20;

export type { Subscriber } from "./subscribers";

export interface LiveSessionInit {
  info: Omit<SessionInfo, "live" | "attachedClients" | "status" | "lastSeq">;
  lastSeq: number;
  store: Store | undefined;
  logger: Logger;
  interactive: boolean;
  /**
   * Builds the agent once the session's event sink and gate exist. Called lazily, on the first
   * turn: a resumed session's whole history is loaded only when the model needs it.
   */
  makeAgent: (session: LiveSession) => AgentSession;
  dispose: () => Promise<void> | void;
  /** Refuses a mode managed policy does not allow (returns the reason), and applies accepted ones. */
  modeGuard?: (mode: PermissionMode) => string | undefined;
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
  private readonly subscribers = new Subscribers();
  /** In-daemon listeners (telemetry) that see every stored event; they must not throw. */
  private readonly observers = new Set<(event: SessionEvent) => void>();
  /** Turns and conversation maintenance (`/compact`, `/clear`) run one at a time, in order. */
  private readonly queue = new WorkQueue({
    starting: () => {
      this.setStatus("running");
      this.info.updatedAt = Date.now();
    },
    run: (work) => this.runWork(work),
    crashed: (error) => {
      this.init.logger.error({ err: error, session: this.id }, "turn crashed");
      this.safeEmit({ type: "notice", level: "error", message: `Turn failed: ${(error as Error).message}` });
    },
    idle: () => {
      this.safeSetStatus("idle");
      this.flush();
      // After the turn's last events have gone out (their socket writes are queued first).
      setImmediate(() => this.indexMessages());
    },
  });
  private agentInstance: AgentSession | undefined;
  private readonly tracker = new TurnTracker();
  /** True while the store refuses writes; clients are told once per failure streak. */
  private storeFailing = false;
  private status: SessionStatus = "idle";
  private info: LiveSessionInit["info"];
  /** A persisted session's writes, committed together when the event loop turns (see `emit`). */
  private readonly commits: GroupCommit | undefined;

  constructor(private readonly init: LiveSessionInit) {
    this.id = init.info.id;
    this.info = { ...init.info };
    this.interactive = init.interactive;
    this.log = new EventLog(this.id, init.store, init.lastSeq);
    this.commits = init.store
      ? new GroupCommit(this.id, init.store, this.log, {
          publish: (note) => this.publish(note),
          failed: (error) => {
            this.init.logger.error({ err: error, session: this.id }, "events not stored");
            this.reportStoreFailure(error);
          },
          committed: () => {
            this.storeFailing = false;
          },
          sideWriteFailed: (what, error) => {
            this.init.logger.warn({ err: error, session: this.id }, `${what} not stored`);
          },
        })
      : undefined;
  }

  private get agent(): AgentSession {
    if (!this.agentInstance) {
      this.agentInstance = this.init.makeAgent(this);
      // Chosen with /model before the agent existed (it is built at the first turn).
      if (this.info.model && this.info.model !== this.init.info.model)
        this.agentInstance.setModel(this.info.model);
    }
    return this.agentInstance;
  }

  get permissionMode(): PermissionMode {
    return this.info.permissionMode;
  }

  get cwd(): string {
    return this.info.cwd;
  }

  get isBusy(): boolean {
    return this.queue.busy;
  }

  get attachedCount(): number {
    return this.subscribers.size;
  }

  snapshot(): SessionInfo {
    this.flush();
    return {
      ...this.info,
      status: this.status,
      lastSeq: this.log.lastSeq,
      live: true,
      attachedClients: this.subscribers.size,
    };
  }

  /**
   * Records an event and sends it to the attached clients. A persisted session's events are
   * group-committed (see GroupCommit): written with everything else emitted before the event
   * loop turns, in one transaction, and sent only once it has committed. While the store is
   * refusing writes, each emit writes at once and throws when it cannot.
   */
  emit(event: SessionEvent): void {
    if (this.commits) this.commits.event(event);
    else this.publish(this.log.append(event));
  }

  /** Stores a conversation message in the same group commit as the events around it. */
  persistMessage(message: MessageInput): void {
    this.commits?.message(message);
  }

  /** A write of another table that belongs with this session's events (usage ledger rows). */
  writeWithEvents(what: string, run: () => void): void {
    if (this.commits) this.commits.write(what, run);
    else run();
  }

  /**
   * Runs a write that must be on disk before the caller goes on (a permission audit before the
   * tool runs), committing the pending events in the same transaction.
   */
  commitNow<T>(write: () => T): T {
    return this.commits ? this.commits.commitWith(write) : write();
  }

  /**
   * Commits what is pending and sends it; called before anything that reads the session's
   * state (attach, snapshots, status changes, close), so those see every event emitted so far.
   */
  flush(): void {
    this.commits?.flush();
  }

  /** A committed event: to the turn tracker, the in-daemon observers and every attached client. */
  private publish(note: SessionEventNotification): void {
    const event = note.event;
    this.tracker.observe(event);
    for (const observer of this.observers) observer(event);
    this.subscribers.deliver(note);
  }

  /** Adds an in-daemon listener for every event from now on; returns its removal. */
  observe(listener: (event: SessionEvent) => void): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  /**
   * Subscribes a client and sends what it missed, exactly once, before any live event (this runs
   * synchronously, so nothing can be emitted in between). When more than `maxReplay` events were
   * missed, or they can no longer be replayed exactly, returns a snapshot instead of replaying.
   */
  attach(sub: Subscriber, afterSeq: number, maxReplay = Number.POSITIVE_INFINITY): SessionSnapshot | null {
    // Pending events are committed and sent first, so the replay below covers everything.
    this.flush();
    this.subscribers.add(sub);
    const missed = this.log.lastSeq - afterSeq;
    if (missed < 0) return this.snapshotNow("the cursor is ahead of this session's event log");
    if (missed > maxReplay) return this.snapshotNow(`${missed} events missed (more than ${maxReplay})`);
    if (!this.log.canReplayFrom(afterSeq)) {
      return this.snapshotNow("the missed events of this unpersisted session are no longer in memory");
    }
    this.log.replay(afterSeq, (note) => {
      sub.deliver(note);
    });
    return null;
  }

  /** The end of the conversation and the turn in flight, as of the last event. */
  snapshotNow(reason: string): SessionSnapshot {
    this.flush();
    const store = this.init.store;
    const page = store
      ? storedTail(store, this.id, SNAPSHOT_MESSAGES)
      : this.memoryMessages(undefined, SNAPSHOT_MESSAGES);
    return {
      seq: this.log.lastSeq,
      reason,
      status: this.status,
      messageCount: page.total,
      recentMessages: page.messages,
      partial: this.tracker.partial(),
    };
  }

  /** Messages of an unpersisted session, from the agent's own history (nothing is stored). */
  memoryMessages(fromIdx: number | undefined, limit: number): MessagePage {
    return historyPage(this.agentInstance?.history ?? [], fromIdx, limit, this.info.updatedAt);
  }

  setTitle(title: string | null): void {
    this.info.title = title;
  }

  detach(clientId: string): void {
    this.subscribers.remove(clientId);
  }

  setStatus(status: SessionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.persistStatus(status);
    this.emit({ type: "status", status });
  }

  /**
   * The stored status is what crash recovery reads: a session still `running` in the store when
   * the daemon starts was cut off by a crash, and its open turn is closed as interrupted. It is
   * committed with the events around it, so `idle` is never stored without the turn's end.
   */
  private persistStatus(status: SessionStatus): void {
    const store = this.init.store;
    if (!store) return;
    const stored = status === "waiting_permission" ? "running" : status;
    this.writeWithEvents("session status", () => {
      store.updateSession(this.id, { status: stored });
    });
  }

  private reportStoreFailure(error: unknown): void {
    if (this.storeFailing) return;
    this.storeFailing = true;
    const message =
      `Session ${this.id}: the history store refused a write, so this session's new events are not being saved. ` +
      `${(error as Error)?.message ?? String(error)}`;
    this.subscribers.notice({ level: "error", code: "store_unavailable", sessionId: this.id, message });
  }

  setMode(mode: PermissionMode): void {
    const refused = this.init.modeGuard?.(mode);
    if (refused) throw new ProtocolError("PolicyRefused", refused);
    this.info.permissionMode = mode;
    this.emit({ type: "mode_changed", permissionMode: mode });
  }

  /**
   * Switches the model for the rest of this session's life in the daemon (a resumed session
   * takes its model from flags and settings again). A running request finishes on the old one.
   */
  setModel(model: string): void {
    this.info.model = model;
    this.agentInstance?.setModel(model);
    this.emit({ type: "notice", level: "info", message: `Model set to ${model} for this session.` });
  }

  /** Queues a user message; turns run one at a time, in order. */
  send(text: string): string {
    // A one-row write first: when the disk is full or the home read-only, the caller gets a
    // StoreUnavailable error now instead of a turn whose events cannot be kept.
    this.init.store?.touch(this.id);
    const turnId = randomUUID();
    if (!this.info.firstPrompt) this.info.firstPrompt = text.slice(0, 200);
    this.enqueue({ kind: "turn", text, turnId });
    return turnId;
  }

  /** Queues a compaction (after the running turn, if any). */
  compact(instructions?: string): void {
    this.enqueue({ kind: "compact", ...(instructions?.trim() ? { instructions: instructions.trim() } : {}) });
  }

  /** Queues a fresh start of the conversation; the stored transcript keeps the old one. */
  clear(): void {
    this.enqueue({ kind: "clear" });
  }

  private enqueue(work: QueuedWork): void {
    this.init.store?.touch(this.id);
    this.queue.push(work);
  }

  interrupt(): boolean {
    const wasRunning = this.queue.clear();
    if (wasRunning) this.agent.interrupt("Interrupted by user");
    return wasRunning;
  }

  answerPermission(requestId: string, answer: PermissionAnswer, by: string, message?: string): void {
    this.permissions.answer(requestId, { answer, by, ...(message ? { message } : {}) });
  }

  /** Resolves when the running turn (if any) has finished and been stored. */
  async settle(): Promise<void> {
    await this.queue.settled();
    this.flush();
  }

  /** Unloads the session; attached clients are told why (their subscription ends). */
  async close(reason = "the session was closed"): Promise<void> {
    this.interrupt();
    await this.settle();
    this.flush();
    this.subscribers.dropAll(reason);
    await this.init.dispose();
  }

  gateFor(gate: (session: LiveSession) => PermissionGate): PermissionGate {
    return gate(this);
  }

  private async runWork(work: QueuedWork): Promise<void> {
    if (work.kind !== "turn") return this.maintain(work);
    const outcome = await this.agent.runTurn(work.text, work.turnId);
    this.init.logger.info(
      { session: this.id, turn: work.turnId, status: outcome.status, requests: outcome.numRequests },
      "turn finished",
    );
  }

  /** One full-text index segment per turn instead of one per message (store migration 4). */
  private indexMessages(): void {
    try {
      this.init.store?.indexPendingMessages();
    } catch (error) {
      // Search indexes what is queued before it runs; nothing is lost by waiting.
      this.init.logger.warn({ err: error, session: this.id }, "messages not indexed yet");
    }
  }

  /** `/compact` and `/clear`: a failure is told to the clients, never fatal to the session. */
  private async maintain(work: Exclude<QueuedWork, { kind: "turn" }>): Promise<void> {
    try {
      if (work.kind === "clear") {
        this.agent.clear();
        return;
      }
      const done = await this.agent.compact(work.instructions);
      if (done === "nothing")
        this.safeEmit({ type: "notice", level: "info", message: "Nothing to compact yet." });
    } catch (error) {
      const message = `Could not ${work.kind} the conversation: ${(error as Error).message}`;
      this.init.logger.warn({ err: error, session: this.id }, message);
      this.safeEmit({ type: "notice", level: "error", message });
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
