// sessions.updated_at from streamed writes. The column is in two indexes (listing order overall
// and per folder); writing it on every commit rewrote both index pages each time, 2 of the ~12
// pages a commit wrote during an agent step. An append now leaves it alone while the session is
// already the single most recently active one and its stamp is under ACTIVITY_RESOLUTION_MS
// old: moving it then could not change any listing order (overall, per folder, `--continue`),
// only make the stamp fresher. Any other session at or above it, a clock that went backwards,
// or an older stamp, and it is written as before. touch() always stamps exactly.
import { lazyTable } from "@berth/protocol/lazy-table";
import type { StoreContext } from "./types.js";

/** How stale updated_at may be after an event or message append. Retention counts in days. */
export const ACTIVITY_RESOLUTION_MS = 1000;

/** Returns mark(id, now, stored), run after an append: moves updated_at to now when needed. */
export function createActivityMark({ db }: StoreContext) {
  const s = lazyTable({
    stamp: () => db.prepare<[number, string]>("UPDATE sessions SET updated_at = ? WHERE id = ?"),
    // A range scan of sessions_by_activity from the top: normally it meets only `id` itself.
    rivalled: () =>
      db
        .prepare<[number, string], number>("SELECT 1 FROM sessions WHERE updated_at >= ? AND id <> ? LIMIT 1")
        .pluck(),
  });
  return (id: string, now: number, stored: number): void => {
    const fresh = now >= stored && now - stored < ACTIVITY_RESOLUTION_MS;
    if (fresh && s.rivalled.get(stored, id) === undefined) return;
    s.stamp.run(now, id);
  };
}
