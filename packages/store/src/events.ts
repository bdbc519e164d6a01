// The per-session event log. seq is assigned here, in the same transaction that bumps
// sessions.last_seq, so seqs are strictly increasing and gap-free per session and a crash can
// never leave last_seq disagreeing with the stored events. Replay on re-attach is a range scan on
// the (session_id, seq) primary key.
import { invalid, notFound } from "./errors.js";
import { createActivityMark } from "./activity.js";
import { clampLimit } from "./sessions.js";
import { lazyTable } from "@berth/protocol/lazy-table";
import type { AppendedEvent, EventInput, StoreContext, StoredEvent } from "./types.js";

/**
 * The two statements of an append, exported so the crash-consistency test's child process
 * (plain node, no TypeScript) runs exactly the SQL the store runs.
 */
export const APPEND_SQL = {
  // updated_at is moved by the activity mark (activity.ts), not here: see there why.
  bump: "UPDATE sessions SET last_seq = last_seq + @n, bytes = bytes + @bytes WHERE id = @id AND deleted_at IS NULL RETURNING last_seq, updated_at",
  insert: "INSERT INTO events (session_id, seq, type, payload, created_at) VALUES (?, ?, ?, ?, ?)",
} as const;

export const EVENTS_AFTER_SQL =
  "SELECT seq, type, payload, created_at FROM events WHERE session_id = ? AND seq > ? AND EXISTS (SELECT 1 FROM sessions WHERE id = ? AND deleted_at IS NULL) ORDER BY seq LIMIT ?";

export interface EventsApi {
  appendEvent(sessionId: string, type: string, payload: unknown): AppendedEvent;
  /** Appends many events in one transaction (one fsync-free commit instead of many). */
  appendEvents(sessionId: string, items: readonly EventInput[]): AppendedEvent[];
  /** Events with seq > afterSeq, oldest first, at most `limit` (1..1000). */
  eventsAfter(sessionId: string, afterSeq: number, limit: number): StoredEvent[];
  /** 0 for a session without events; undefined when the session does not exist. */
  lastSeq(sessionId: string): number | undefined;
}

export function createEvents(ctx: StoreContext): EventsApi {
  const { db, now } = ctx;
  const markActive = createActivityMark(ctx);
  const s = lazyTable({
    bump: () =>
      db.prepare<[{ n: number; bytes: number; id: string }], { last_seq: number; updated_at: number }>(
        APPEND_SQL.bump,
      ),
    insert: () => db.prepare<[string, number, string, string, number]>(APPEND_SQL.insert),
    after: () =>
      db.prepare<
        [string, number, string, number],
        { seq: number; type: string; payload: string; created_at: number }
      >(EVENTS_AFTER_SQL),
    lastSeq: () =>
      db
        .prepare<[string], number>("SELECT last_seq FROM sessions WHERE id = ? AND deleted_at IS NULL")
        .pluck(),
  });

  const append = db.transaction((sessionId: string, items: readonly EventInput[]): AppendedEvent[] => {
    const createdAt = now();
    const encoded = items.map((item) => {
      if (typeof item.type !== "string" || item.type === "")
        throw invalid("An event needs a non-empty type.");
      return { type: item.type, payload: encode(item.payload) };
    });
    const bytes = encoded.reduce((sum, e) => sum + e.payload.length, 0);
    const row = s.bump.get({ n: items.length, bytes, id: sessionId });
    if (!row) throw notFound(`Session ${sessionId}`);
    markActive(sessionId, createdAt, row.updated_at);
    let seq = row.last_seq - items.length;
    return encoded.map((e) => {
      seq += 1;
      s.insert.run(sessionId, seq, e.type, e.payload, createdAt);
      return { seq, createdAt };
    });
  });

  return {
    appendEvent(sessionId, type, payload) {
      return append.immediate(sessionId, [{ type, payload }])[0] as AppendedEvent;
    },
    appendEvents(sessionId, items) {
      if (items.length === 0) return [];
      return append.immediate(sessionId, items);
    },
    eventsAfter(sessionId, afterSeq, limit) {
      return s.after.all(sessionId, afterSeq, sessionId, clampLimit(limit)).map((r) => ({
        seq: r.seq,
        type: r.type,
        payload: JSON.parse(r.payload) as unknown,
        createdAt: r.created_at,
      }));
    },
    lastSeq(sessionId) {
      return s.lastSeq.get(sessionId);
    },
  };
}

export function encode(payload: unknown, what = "An event payload"): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch {
    throw invalid(`${what} is not JSON-serialisable (cycle or BigInt).`);
  }
  // JSON.stringify(undefined) is undefined; store null so the column always holds valid JSON.
  return json === undefined ? "null" : json;
}
