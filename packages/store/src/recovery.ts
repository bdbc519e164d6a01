// What the daemon needs after a crash: the last event of given types (to close a turn that was
// running when the process died) and a per-session consistency check (used by the crash tests and
// by diagnostics). Both read only; repairs are the daemon's decision.
import { clampLimit } from "./sessions.js";
import { lazyTable } from "@berth/protocol/lazy-table";
import type { StoreContext, StoredEvent } from "./types.js";

export interface RecoveryApi {
  /**
   * The newest event of one of `types`, or undefined. Scans the session's events backwards on the
   * (session_id, seq) key, so it costs at most the events after the match.
   */
  lastEventOfTypes(sessionId: string, types: readonly string[]): StoredEvent | undefined;
  /** The newest `limit` events (1..1000), newest first. */
  lastEvents(sessionId: string, limit: number): StoredEvent[];
  /**
   * Problems with one session's rows, in words; [] when consistent: seqs 1..last_seq without gaps,
   * message indexes 0..message_count-1 without gaps, and the header counters matching the rows.
   */
  sessionConsistency(sessionId: string): string[];
}

interface EventRow {
  seq: number;
  type: string;
  payload: string;
  created_at: number;
}

const toEvent = (r: EventRow): StoredEvent => ({
  seq: r.seq,
  type: r.type,
  payload: JSON.parse(r.payload) as unknown,
  createdAt: r.created_at,
});

export function createRecovery({ db }: StoreContext): RecoveryApi {
  const s = lazyTable({
    lastOfTypes: () =>
      db.prepare<[string, string], EventRow>(
        `SELECT seq, type, payload, created_at FROM events
       WHERE session_id = ? AND type IN (SELECT value FROM json_each(?)) ORDER BY seq DESC LIMIT 1`,
      ),
    last: () =>
      db.prepare<[string, number], EventRow>(
        "SELECT seq, type, payload, created_at FROM events WHERE session_id = ? ORDER BY seq DESC LIMIT ?",
      ),
    header: () =>
      db.prepare<[string], { last_seq: number; message_count: number }>(
        "SELECT last_seq, message_count FROM sessions WHERE id = ? AND deleted_at IS NULL",
      ),
    events: () =>
      db.prepare<[string], { n: number; lo: number | null; hi: number | null }>(
        "SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM events WHERE session_id = ?",
      ),
    messages: () =>
      db.prepare<[string], { n: number; lo: number | null; hi: number | null }>(
        "SELECT count(*) AS n, min(idx) AS lo, max(idx) AS hi FROM messages WHERE session_id = ?",
      ),
  });

  return {
    lastEventOfTypes(sessionId, types) {
      const row = s.lastOfTypes.get(sessionId, JSON.stringify(types));
      return row && toEvent(row);
    },
    lastEvents(sessionId, limit) {
      return s.last.all(sessionId, clampLimit(limit)).map(toEvent);
    },
    sessionConsistency(sessionId) {
      const header = s.header.get(sessionId);
      if (!header) return [`session ${sessionId} does not exist`];
      const problems: string[] = [];
      const ev = s.events.get(sessionId) ?? { n: 0, lo: null, hi: null };
      if (ev.n !== header.last_seq)
        problems.push(`last_seq is ${header.last_seq} but ${ev.n} events are stored`);
      if (ev.n > 0 && (ev.lo !== 1 || ev.hi !== ev.n)) {
        problems.push(`event seqs run ${ev.lo}..${ev.hi} for ${ev.n} events (gap or offset)`);
      }
      const msg = s.messages.get(sessionId) ?? { n: 0, lo: null, hi: null };
      if (msg.n !== header.message_count) {
        problems.push(`message_count is ${header.message_count} but ${msg.n} messages are stored`);
      }
      if (msg.n > 0 && (msg.lo !== 0 || msg.hi !== msg.n - 1)) {
        problems.push(`message indexes run ${msg.lo}..${msg.hi} for ${msg.n} messages (gap or offset)`);
      }
      return problems;
    },
  };
}
