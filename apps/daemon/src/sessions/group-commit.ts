// Group commit for one persisted session. Everything a session writes until the event loop
// turns (the model's reply as an event, its usage event and ledger row, the message row, the
// tool call event and its permission audit; a burst of streamed deltas) goes into one SQLite
// transaction instead of one each: the commit, not the rows, was most of the cost of a step.
//
// The guarantee does not move: events are numbered in memory and sent to clients only after
// the transaction holding them has committed, so a client never sees an event a crash could
// lose. A crash before the commit loses events that nobody was sent.
import type { SessionEvent, SessionEventNotification } from "@berth/protocol";
import type { MessageInput, Store } from "@berth/store";
import type { EventLog } from "./event-log";

/** Writes waiting for their commit, at most this many (a long burst commits in parts). */
const MAX_BATCH = 500;

type PendingWrite =
  | { kind: "event"; event: SessionEvent }
  | { kind: "message"; message: MessageInput }
  | { kind: "write"; what: string; run: () => void };

export interface GroupCommitHooks {
  /** A committed event, in order: to the tracker, observers and clients. */
  publish(note: SessionEventNotification): void;
  /** The store refused a commit; what it held was neither stored nor sent. */
  failed(error: unknown): void;
  /** A commit went through (ends a failure streak). */
  committed(): void;
  /** A side write (usage ledger row) failed on its own; the rest of the batch is kept. */
  sideWriteFailed(what: string, error: unknown): void;
}

export class GroupCommit {
  private pending: PendingWrite[] = [];
  private timer: NodeJS.Immediate | undefined;
  /** While the store refuses writes, each one is tried at once so its caller hears of it. */
  private failing = false;

  constructor(
    private readonly sessionId: string,
    private readonly store: Store,
    private readonly log: EventLog,
    private readonly hooks: GroupCommitHooks,
  ) {}

  event(event: SessionEvent): void {
    this.add({ kind: "event", event });
  }

  message(message: MessageInput): void {
    this.add({ kind: "message", message });
  }

  /** A write of another table that belongs with these events (the usage ledger row). */
  write(what: string, run: () => void): void {
    this.add({ kind: "write", what, run });
  }

  /**
   * Runs `write` in a transaction together with everything pending, synchronously: for writes
   * that must be on disk before the caller goes on (a permission decision's audit row before
   * the tool runs). When the combined commit fails, the pending batch and `write` are retried
   * apart, so neither takes the other down; `write`'s own failure is thrown.
   */
  commitWith<T>(write: () => T): T {
    if (this.pending.length === 0) return write();
    const batch = this.take();
    let result: { value: T } | undefined;
    let notes: SessionEventNotification[];
    try {
      notes = this.store.transaction(() => {
        const written = this.writeBatch(batch);
        result = { value: write() };
        return written;
      });
    } catch {
      this.commit(batch, false);
      return write();
    }
    this.accept(notes);
    return (result as { value: T }).value;
  }

  /** Commits what is pending now; a failure is reported through the hooks, never thrown. */
  flush(): void {
    if (this.pending.length > 0) this.commit(this.take(), false);
  }

  private add(item: PendingWrite): void {
    this.pending.push(item);
    if (this.failing || this.pending.length >= MAX_BATCH) {
      // Thrown to the writer, as an unbatched write would.
      this.commit(this.take(), true);
      return;
    }
    this.timer ??= setImmediate(() => {
      this.timer = undefined;
      this.flush();
    });
  }

  private take(): PendingWrite[] {
    const batch = this.pending;
    this.pending = [];
    if (this.timer) {
      clearImmediate(this.timer);
      this.timer = undefined;
    }
    return batch;
  }

  private commit(batch: readonly PendingWrite[], rethrow: boolean): void {
    let notes: SessionEventNotification[];
    try {
      notes = this.store.transaction(() => this.writeBatch(batch));
    } catch (error) {
      // Disk full, read-only home: keep the session usable, and don't pretend the events
      // were stored or send them.
      this.failing = true;
      this.hooks.failed(error);
      if (rethrow) throw error;
      return;
    }
    this.accept(notes);
  }

  private accept(notes: readonly SessionEventNotification[]): void {
    this.failing = false;
    this.hooks.committed();
    this.log.accept(notes);
    for (const note of notes) this.hooks.publish(note);
  }

  /** Runs inside the transaction; events keep their order relative to messages. */
  private writeBatch(batch: readonly PendingWrite[]): SessionEventNotification[] {
    const notes: SessionEventNotification[] = [];
    let events: SessionEvent[] = [];
    const writeEvents = () => {
      if (events.length > 0) notes.push(...this.log.write(events));
      events = [];
    };
    for (const item of batch) {
      if (item.kind === "event") {
        events.push(item.event);
        continue;
      }
      writeEvents();
      if (item.kind === "message") {
        this.store.appendMessage(this.sessionId, item.message);
        continue;
      }
      try {
        // A savepoint: a failing side write is undone alone.
        this.store.transaction(item.run);
      } catch (error) {
        this.hooks.sideWriteFailed(item.what, error);
      }
    }
    writeEvents();
    return notes;
  }
}
