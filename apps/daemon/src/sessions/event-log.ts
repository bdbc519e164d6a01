import type { SessionEvent, SessionEventNotification } from "@berth/protocol";
import type { Store } from "@berth/store";

/** How many recent events stay in memory so most re-attaches replay without touching SQLite. */
const TAIL_CAPACITY = 20_000;
const REPLAY_PAGE = 1_000;

/**
 * The ordered, numbered record of one session. Persisted sessions get their sequence
 * numbers from the store (in the same transaction that writes the event), so what a
 * client saw is always what is on disk; unpersisted sessions number in memory.
 */
export class EventLog {
  private tail: SessionEventNotification[] = [];
  private seq: number;

  constructor(
    private readonly sessionId: string,
    private readonly store: Store | undefined,
    lastSeq: number,
    private readonly now: () => number = Date.now,
  ) {
    this.seq = lastSeq;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** Numbers one event (storing it first when the session is persisted) and keeps it. */
  append(event: SessionEvent): SessionEventNotification {
    const [note] = this.store
      ? this.write([event])
      : [{ sessionId: this.sessionId, seq: this.seq + 1, time: this.now(), event }];
    this.accept([note as SessionEventNotification]);
    return note as SessionEventNotification;
  }

  /**
   * Stores events in one statement batch (inside the caller's transaction when there is one)
   * and returns them numbered. Nothing in memory changes: the caller `accept`s them once the
   * transaction has committed, so a rolled-back batch leaves no trace here.
   */
  write(events: readonly SessionEvent[]): SessionEventNotification[] {
    if (!this.store) throw new Error("EventLog.write needs a store; unpersisted sessions use append");
    const written = this.store.appendEvents(
      this.sessionId,
      events.map((event) => ({ type: event.type, payload: event })),
    );
    return written.map((w, i) => ({
      sessionId: this.sessionId,
      seq: w.seq,
      time: w.createdAt,
      event: events[i] as SessionEvent,
    }));
  }

  /** Takes committed events into the sequence and the in-memory tail. */
  accept(notes: readonly SessionEventNotification[]): void {
    for (const note of notes) {
      this.seq = note.seq;
      this.tail.push(note);
    }
    if (this.tail.length > TAIL_CAPACITY * 1.25) this.tail = this.tail.slice(-TAIL_CAPACITY);
  }

  /**
   * Whether every event after `afterSeq` can still be sent: always for a persisted session (the
   * store has them all), and for an unpersisted one only while the in-memory tail reaches back.
   */
  canReplayFrom(afterSeq: number): boolean {
    if (this.store || afterSeq >= this.seq) return true;
    const first = this.tail[0];
    return first !== undefined && first.seq <= afterSeq + 1;
  }

  /** Calls `deliver` for every event after `afterSeq`, oldest first, in bounded pages. */
  replay(afterSeq: number, deliver: (note: SessionEventNotification) => void): void {
    const first = this.tail[0];
    if (first && first.seq <= afterSeq + 1) {
      for (const note of this.tail) if (note.seq > afterSeq) deliver(note);
      return;
    }
    if (!this.store) {
      // Unpersisted and older than the tail: only what memory still holds can be sent.
      for (const note of this.tail) if (note.seq > afterSeq) deliver(note);
      return;
    }
    let cursor = afterSeq;
    const tailStart = first?.seq ?? Number.POSITIVE_INFINITY;
    while (cursor < this.seq && cursor + 1 < tailStart) {
      const page = this.store.eventsAfter(this.sessionId, cursor, REPLAY_PAGE);
      if (page.length === 0) break;
      for (const row of page) {
        if (row.seq >= tailStart) break;
        deliver({
          sessionId: this.sessionId,
          seq: row.seq,
          time: row.createdAt,
          event: row.payload as SessionEvent,
        });
        cursor = row.seq;
      }
      if (page.length < REPLAY_PAGE) break;
      const last = page[page.length - 1];
      if (last) cursor = Math.max(cursor, last.seq);
    }
    for (const note of this.tail) if (note.seq > cursor) deliver(note);
  }
}
