import type { SessionEvent, SessionEventNotification } from "@berth/protocol";
import type { Store } from "@berth/store";

/**
 * How many recent events stay in memory. For a persisted session the tail is only a cache (the
 * store has every event): enough for a client that blinked or fell behind to catch up without
 * touching SQLite, and small, because every live session keeps one. At 20,000 a session, a soak of
 * 50 sessions grew the daemon by ~230 MiB as the tails filled (about 200 bytes an event). An
 * unpersisted session has nothing else to replay from, so it keeps more.
 */
export const TAIL_CAPACITY = { persisted: 2_000, unpersisted: 20_000 } as const;
const REPLAY_PAGE = 1_000;

/**
 * The ordered, numbered record of one session. Persisted sessions get their sequence
 * numbers from the store (in the same transaction that writes the event), so what a
 * client saw is always what is on disk; unpersisted sessions number in memory.
 */
export class EventLog {
  private tail: SessionEventNotification[] = [];
  private seq: number;
  private readonly capacity: number;

  constructor(
    private readonly sessionId: string,
    private readonly store: Store | undefined,
    lastSeq: number,
    private readonly now: () => number = Date.now,
  ) {
    this.seq = lastSeq;
    this.capacity = store ? TAIL_CAPACITY.persisted : TAIL_CAPACITY.unpersisted;
  }

  /** Events held in memory (bounded; see TAIL_CAPACITY). */
  get tailLength(): number {
    return this.tail.length;
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
    // Trimmed in steps of a quarter, so the copy is paid once per capacity/4 events.
    if (this.tail.length > this.capacity * 1.25) this.tail = this.tail.slice(-this.capacity);
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
      let reachedTail = false;
      for (const row of page) {
        if (row.seq >= tailStart) {
          reachedTail = true;
          break;
        }
        deliver({
          sessionId: this.sessionId,
          seq: row.seq,
          time: row.createdAt,
          event: row.payload as SessionEvent,
        });
        cursor = row.seq;
      }
      // The cursor stays at the last event delivered: moving it to the end of a page that reaches
      // into the tail skipped the events between the tail's start and the page's end.
      if (reachedTail || page.length < REPLAY_PAGE) break;
    }
    for (const note of this.tail) if (note.seq > cursor) deliver(note);
  }
}
