// openStore(): one connection, every module's API, and an error boundary that turns SQLite and
// file-system failures into StoreErrors. The API is synchronous on purpose: better-sqlite3 calls
// take microseconds, and avoiding await keeps each write atomic with respect to the daemon's own
// event loop.
//
// Each module prepares its statements on first use (`lazyTable`): a prepared statement holds its
// compiled program in SQLite's native memory for as long as it lives, and an idle daemon runs a
// handful of the store's sixty-odd (~250 KB resident otherwise). The price: a statement's SQL is
// checked when it first runs, not at open, so the tests must run every statement.
import { type AuditApi, createAudit } from "./audit.js";
import { openDatabase } from "./db.js";
import { toStoreError } from "./errors.js";
import { type EventsApi, createEvents } from "./events.js";
import { type MessagesApi, createMessages } from "./messages.js";
import { SCHEMA_VERSION } from "./migrations.js";
import { createPurger } from "./purge.js";
import { type RecoveryApi, createRecovery } from "./recovery.js";
import { type RetentionApi, createRetention } from "./retention.js";
import { type SearchApi, createSearch } from "./search.js";
import { type SessionsApi, createSessions } from "./sessions.js";
import { type TrustApi, createTrust } from "./trust.js";
import type { StoreContext } from "./types.js";
import { type UsageApi, createUsage } from "./usage.js";
import { type CostReportApi, createCostReport } from "./cost-report.js";

export interface OpenStoreOptions {
  /** The database file (the daemon uses `<BERTH_HOME>/berth.db`). Parent folders are created 0700. */
  path: string;
  /** Clock in epoch ms; injectable so retention can be tested. Default Date.now. */
  now?: () => number;
}

export interface StoreCore {
  readonly path: string;
  readonly schemaVersion: number;
  /** Runs fn in one transaction (nested calls become savepoints); for writes that belong together. */
  transaction<T>(fn: () => T): T;
  /** PRAGMA integrity_check plus the FTS index check; ['ok'] when healthy. Reads the whole file. */
  integrityCheck(): string[];
  /** Idempotent. Further calls fail with STORE_CLOSED. */
  close(): void;
}

export type Store = StoreCore &
  SessionsApi &
  EventsApi &
  MessagesApi &
  UsageApi &
  CostReportApi &
  AuditApi &
  TrustApi &
  SearchApi &
  RetentionApi &
  RecoveryApi;

export function openStore(options: OpenStoreOptions): Store {
  const { path } = options;
  const db = openDatabase(path);
  const ctx: StoreContext = { db, now: options.now ?? Date.now };
  try {
    const purger = createPurger(ctx);
    const sessions = createSessions(ctx, purger);
    const search = createSearch(ctx);
    // One wrapper for every call (better-sqlite3 builds a new one per db.transaction(fn); the
    // daemon runs several per step). Nested calls still become savepoints.
    const inTransaction = db.transaction(<T>(fn: () => T): T => fn());
    const core: StoreCore = {
      path,
      schemaVersion: SCHEMA_VERSION,
      transaction: (fn) => inTransaction.immediate(fn) as ReturnType<typeof fn>,
      integrityCheck() {
        const rows = db.pragma("integrity_check") as { integrity_check: string }[];
        const problems = rows.map((r) => r.integrity_check).filter((r) => r !== "ok");
        try {
          // Also compares the index with the messages; queued messages are indexed first.
          search.indexPendingMessages();
          db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
        } catch (err) {
          problems.push(`messages_fts: ${(err as Error).message}`);
        }
        return problems.length > 0 ? problems : ["ok"];
      },
      close() {
        if (!db.open) return;
        try {
          // Cheap (only analyses what changed) and keeps query plans good for the next run.
          db.pragma("optimize");
        } finally {
          db.close();
        }
      },
    };
    const api = {
      ...core,
      ...sessions,
      ...createEvents(ctx),
      ...createMessages(ctx, sessions),
      ...createUsage(ctx),
      ...createCostReport(ctx),
      ...createAudit(ctx),
      ...createTrust(ctx),
      ...search,
      ...createRetention(ctx, purger, path),
      ...createRecovery(ctx),
    };
    return guard(api, path);
  } catch (err) {
    db.close();
    throw toStoreError(err, path);
  }
}

/** Wraps every method so nothing but a StoreError (or a genuine programming error) escapes. */
function guard<T extends object>(api: T, path: string): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(api)) {
    out[key] =
      typeof value === "function"
        ? (...args: unknown[]) => {
            try {
              const result = value(...args);
              return isGenerator(result) ? guardSteps(result, path) : result;
            } catch (err) {
              throw toStoreError(err, path);
            }
          }
        : value;
  }
  return out as T;
}

function isGenerator(value: unknown): value is Generator<unknown, unknown, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Generator).next === "function" &&
    typeof (value as Generator).return === "function" &&
    typeof (value as Generator)[Symbol.iterator] === "function"
  );
}

/** Stepwise APIs run their SQL inside next(), after the method returned: map errors there too. */
function guardSteps<Y, R>(steps: Generator<Y, R, void>, path: string): Generator<Y, R, void> {
  const wrap =
    <A extends unknown[]>(fn: (...a: A) => IteratorResult<Y, R>) =>
    (...a: A): IteratorResult<Y, R> => {
      try {
        return fn(...a);
      } catch (err) {
        throw toStoreError(err, path);
      }
    };
  const guarded: Generator<Y, R, void> = {
    next: wrap(() => steps.next()),
    return: wrap((value: R) => steps.return(value)),
    throw: wrap((error: unknown) => steps.throw(error)),
    [Symbol.iterator]() {
      return guarded;
    },
  } as Generator<Y, R, void>;
  return guarded;
}
