// Purging tombstoned sessions in bounded steps. Deleting a session is two phases: setting
// sessions.deleted_at (instant; every read ignores it from then on) and removing its rows here, a
// bounded number per transaction, so deleting a million-event session never holds the write lock
// (or the daemon's event loop) for long. Used by deleteSession(s) and by the retention sweep.
import { lazyTable } from "@berth/protocol/lazy-table";
import type { StoreContext } from "./types.js";

/** Rows (events + messages + audit + usage links) removed per transaction by default. */
export const DEFAULT_ROWS_PER_STEP = 2000;

export interface PurgeStep {
  /** Sessions whose last row and header were removed in this step. */
  removedIds: string[];
  removedEvents: number;
  removedMessages: number;
  /** Rows deleted or unlinked in this step, all tables together. */
  rowsUsed: number;
  /** True when tombstoned rows remain (for the ids asked about, or anywhere). */
  pending: boolean;
}

export interface Purger {
  /** Marks sessions deleted; returns the ids that were live. Runs inside the caller's transaction. */
  tombstone(ids: readonly string[]): string[];
  /** One short transaction. `ids` restricts the purge to those sessions (for deleteSession). */
  step(opts: { rowBudget: number; maxSessions: number; ids?: readonly string[] }): PurgeStep;
  /** Loops step() until the given sessions are fully gone. */
  purgeAll(ids: readonly string[], rowBudget?: number): { removedEvents: number; removedMessages: number };
}

export function createPurger({ db, now }: StoreContext): Purger {
  const s = lazyTable({
    mark: () =>
      db.prepare<[number, string], { id: string }>(
        "UPDATE sessions SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL RETURNING id",
      ),
    isTombstone: () =>
      db.prepare<[string], { id: string }>("SELECT id FROM sessions WHERE id = ? AND deleted_at IS NOT NULL"),
    tombstones: () =>
      db
        .prepare<[number], string>(
          "SELECT id FROM sessions WHERE deleted_at IS NOT NULL ORDER BY deleted_at, id LIMIT ?",
        )
        .pluck(),
    events: () =>
      db.prepare<[string, string, number]>(
        "DELETE FROM events WHERE session_id = ? AND seq IN (SELECT seq FROM events WHERE session_id = ? ORDER BY seq LIMIT ?)",
      ),
    messages: () =>
      db.prepare<[string, number]>(
        "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE session_id = ? ORDER BY idx LIMIT ?)",
      ),
    audit: () =>
      db.prepare<[string, number]>(
        "DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE session_id = ? LIMIT ?)",
      ),
    // The cost ledger is kept; only the link to the deleted session goes.
    usage: () =>
      db.prepare<[string, number]>(
        "UPDATE usage SET session_id = NULL WHERE id IN (SELECT id FROM usage WHERE session_id = ? LIMIT ?)",
      ),
    header: () => db.prepare<[string]>("DELETE FROM sessions WHERE id = ? AND deleted_at IS NOT NULL"),
  });

  /** Removes up to `budget` rows of one tombstoned session, and its header once nothing is left. */
  function purgeOne(id: string, budget: number) {
    let left = budget;
    let events = 0;
    let messages = 0;
    // Each DELETE asks for `left` rows; getting fewer means that table is empty for this session.
    events = s.events.run(id, id, left).changes;
    left -= events;
    if (left > 0) {
      messages = s.messages.run(id, left).changes;
      left -= messages;
    }
    if (left > 0) left -= s.audit.run(id, left).changes;
    if (left > 0) left -= s.usage.run(id, left).changes;
    const done = left > 0;
    if (done) s.header.run(id);
    return { events, messages, used: budget - left, done };
  }

  const step = db.transaction(
    (opts: { rowBudget: number; maxSessions: number; ids?: readonly string[] }): PurgeStep => {
      const candidates = opts.ids ?? s.tombstones.all(opts.maxSessions);
      const out: PurgeStep = {
        removedIds: [],
        removedEvents: 0,
        removedMessages: 0,
        rowsUsed: 0,
        pending: false,
      };
      let left = Math.max(1, opts.rowBudget);
      for (const id of candidates) {
        if (!s.isTombstone.get(id)) continue;
        if (left <= 0 || out.removedIds.length >= opts.maxSessions) {
          out.pending = true;
          break;
        }
        const r = purgeOne(id, left);
        left -= r.used;
        out.rowsUsed += r.used;
        out.removedEvents += r.events;
        out.removedMessages += r.messages;
        if (r.done) out.removedIds.push(id);
        else out.pending = true;
      }
      if (!opts.ids && !out.pending) out.pending = s.tombstones.all(1).length > 0;
      return out;
    },
  );

  return {
    tombstone(ids) {
      const at = now();
      const marked: string[] = [];
      for (const id of ids) if (s.mark.get(at, id)) marked.push(id);
      return marked;
    },
    step: (opts) => step.immediate(opts),
    purgeAll(ids, rowBudget = DEFAULT_ROWS_PER_STEP) {
      let removedEvents = 0;
      let removedMessages = 0;
      let remaining = [...ids];
      while (remaining.length > 0) {
        const r = step.immediate({ rowBudget, maxSessions: remaining.length, ids: remaining });
        removedEvents += r.removedEvents;
        removedMessages += r.removedMessages;
        const gone = new Set(r.removedIds);
        remaining = remaining.filter((id) => !gone.has(id));
        // No progress means every candidate left is not a tombstone (e.g. already purged elsewhere).
        if (r.rowsUsed === 0 && gone.size === 0) remaining = remaining.filter((id) => s.isTombstone.get(id));
      }
      return { removedEvents, removedMessages };
    },
  };
}
