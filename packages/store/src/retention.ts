// Retention: sessions inactive for longer than the configured period are deleted, in small
// steps so the daemon's event loop is never blocked for long. Each step is one short
// transaction: it tombstones up to batchSize newly expired sessions (they vanish from every read
// at once) and purges at most rowsPerBatch rows of tombstoned sessions. The cutoff is fixed when
// the sweep starts, so sessions touched while it runs are never taken.
import { invalid, toStoreError } from "./errors.js";
import { DEFAULT_ROWS_PER_STEP, type Purger } from "./purge.js";
import { clampLimit } from "./sessions.js";
import { lazyTable } from "@berth/protocol/lazy-table";
import type { StoreContext } from "./types.js";

export interface ExpiryOptions {
  /** Inactivity (now - updatedAt) above which a session expires. */
  olderThanMs: number;
  /** Sessions the daemon holds live (attached, running); never expired. */
  excludeIds?: ReadonlySet<string>;
}

export interface ExpiredSession {
  id: string;
  cwd: string;
  title: string | null;
  firstPrompt: string | null;
  updatedAt: number;
  messageCount: number;
  bytes: number;
}

export interface SweepOptions extends ExpiryOptions {
  /** Sessions tombstoned (and at most header-deleted) per step; default 200. */
  batchSize?: number;
  /** Event, message, audit and usage rows touched per step; default 2000. */
  rowsPerBatch?: number;
  onBatch?: (batch: SweepBatch) => void;
}

export interface SweepBatch {
  /** Sessions whose rows were fully removed in this step. */
  ids: string[];
  removedEvents: number;
  removedMessages: number;
  /** True on the last step of the sweep. */
  done: boolean;
}

export interface SweepResult {
  removedSessions: number;
  removedEvents: number;
  removedMessages: number;
  ids: string[];
  batches: number;
  cutoff: number;
}

export interface RetentionLogEntry {
  id: number;
  ranAt: number;
  removedSessions: number;
  removedEvents: number;
  details: Record<string, unknown>;
}

export interface RetentionApi {
  /** Dry run: what a sweep with these options would delete now, oldest first. */
  expiredSessions(opts: ExpiryOptions & { limit: number }): ExpiredSession[];
  countExpired(opts: ExpiryOptions): number;
  /** Runs a whole sweep synchronously (short transactions back to back) and logs it. */
  sweepExpired(opts: SweepOptions): SweepResult;
  /**
   * The same sweep, one transaction per next(): the daemon can yield to its event loop between
   * batches. Logged when the iterator finishes or is abandoned with return().
   */
  sweepExpiredStepwise(opts: Omit<SweepOptions, "onBatch">): Generator<SweepBatch, SweepResult, void>;
  listRetentionLog(opts: { limit: number }): RetentionLogEntry[];
}

/** Ids written into a retention_log row; the counts are always complete. */
export const LOGGED_IDS_MAX = 1000;

const EXPIRED_WHERE = `deleted_at IS NULL AND status <> 'running' AND updated_at < @cutoff
  AND id NOT IN (SELECT value FROM json_each(@exclude))`;

export function createRetention({ db, now }: StoreContext, purger: Purger, path: string): RetentionApi {
  const s = lazyTable({
    expired: () =>
      db.prepare<[Record<string, unknown>], ExpiredSession>(
        `SELECT id, cwd, title, first_prompt AS firstPrompt, updated_at AS updatedAt, message_count AS messageCount, bytes
       FROM sessions WHERE ${EXPIRED_WHERE} ORDER BY updated_at, id LIMIT @limit`,
      ),
    expiredIds: () =>
      db
        .prepare<[Record<string, unknown>], string>(
          `SELECT id FROM sessions WHERE ${EXPIRED_WHERE} ORDER BY updated_at, id LIMIT @limit`,
        )
        .pluck(),
    count: () =>
      db
        .prepare<[Record<string, unknown>], number>(`SELECT count(*) FROM sessions WHERE ${EXPIRED_WHERE}`)
        .pluck(),
    log: () =>
      db.prepare<[number, number, number, string]>(
        "INSERT INTO retention_log (ran_at, removed_sessions, removed_events, details) VALUES (?, ?, ?, ?)",
      ),
    listLog: () =>
      db.prepare<
        [number],
        { id: number; ranAt: number; removedSessions: number; removedEvents: number; details: string }
      >(
        `SELECT id, ran_at AS ranAt, removed_sessions AS removedSessions, removed_events AS removedEvents, details
       FROM retention_log ORDER BY id DESC LIMIT ?`,
      ),
  });

  const params = (o: ExpiryOptions) => {
    if (!Number.isFinite(o.olderThanMs) || o.olderThanMs < 0) {
      throw invalid(`olderThanMs must be a non-negative number, got ${o.olderThanMs}.`);
    }
    return { cutoff: now() - o.olderThanMs, exclude: JSON.stringify([...(o.excludeIds ?? [])]) };
  };

  // Tombstone a batch of newly expired sessions, then purge within the row budget: one transaction.
  const step = db.transaction(
    (p: { cutoff: number; exclude: string }, batchSize: number, rowBudget: number) => {
      const marked = purger.tombstone(s.expiredIds.all({ ...p, limit: batchSize }));
      const purged = purger.step({ rowBudget, maxSessions: batchSize });
      return {
        ids: purged.removedIds,
        removedEvents: purged.removedEvents,
        removedMessages: purged.removedMessages,
        // Fewer marked than asked means every expired session is now tombstoned.
        done: !purged.pending && marked.length < batchSize,
      };
    },
  );

  function* stepwise(opts: Omit<SweepOptions, "onBatch">): Generator<SweepBatch, SweepResult, void> {
    const p = params(opts);
    const batchSize = opts.batchSize ?? 200;
    const rowBudget = opts.rowsPerBatch ?? DEFAULT_ROWS_PER_STEP;
    if (batchSize < 1 || rowBudget < 1) throw invalid("batchSize and rowsPerBatch must be at least 1.");
    const result: SweepResult = {
      removedSessions: 0,
      removedEvents: 0,
      removedMessages: 0,
      ids: [],
      batches: 0,
      cutoff: p.cutoff,
    };
    // Logged exactly once: on completion, on failure, or when abandoned with return(); the log
    // must show what was actually removed even by a sweep that did not finish.
    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      writeLog(result, opts);
    };
    try {
      for (;;) {
        const batch: SweepBatch = step.immediate(p, batchSize, rowBudget);
        result.batches += 1;
        result.removedSessions += batch.ids.length;
        result.removedEvents += batch.removedEvents;
        result.removedMessages += batch.removedMessages;
        result.ids.push(...batch.ids);
        yield batch;
        if (batch.done) {
          log();
          return result;
        }
      }
    } catch (err) {
      try {
        log();
      } catch {
        // Keep the error that stopped the sweep; a failed log write says nothing new.
      }
      throw toStoreError(err, path);
    } finally {
      try {
        log(); // abandoned via return(): best effort, nothing to report it to
      } catch {}
    }
  }

  function writeLog(r: SweepResult, opts: ExpiryOptions) {
    const details = {
      cutoff: r.cutoff,
      olderThanMs: opts.olderThanMs,
      excluded: opts.excludeIds?.size ?? 0,
      removedMessages: r.removedMessages,
      batches: r.batches,
      ids: r.ids.slice(0, LOGGED_IDS_MAX),
      idsTruncated: r.ids.length > LOGGED_IDS_MAX,
    };
    try {
      s.log.run(now(), r.removedSessions, r.removedEvents, JSON.stringify(details));
    } catch (err) {
      throw toStoreError(err, path);
    }
  }

  return {
    expiredSessions: (opts) => s.expired.all({ ...params(opts), limit: clampLimit(opts.limit) }),
    countExpired: (opts) => s.count.get(params(opts)) ?? 0,
    sweepExpired(opts) {
      const it = stepwise(opts);
      for (;;) {
        const next = it.next();
        if (next.done) return next.value;
        try {
          opts.onBatch?.(next.value);
        } catch (err) {
          it.return(undefined as never); // still writes the retention log
          throw err;
        }
      }
    },
    sweepExpiredStepwise: stepwise,
    listRetentionLog: ({ limit }) =>
      s.listLog
        .all(clampLimit(limit))
        .map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> })),
  };
}
