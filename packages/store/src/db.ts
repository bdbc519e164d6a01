// Opening the database file: private permissions, up-front writability checks (so a read-only
// file fails with a clear message instead of half-working), a read-only probe that refuses a
// newer schema without touching the file, then WAL + pragmas + migrations.
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  statSync,
} from "node:fs";
import { dirname } from "node:path";
import type Database from "better-sqlite3";
import { StoreError, readOnly, toStoreError } from "./errors.js";
import { checkCompatible, migrate } from "./migrations.js";
import { openSqlite } from "./sqlite.js";

/** How long a statement waits for another connection's lock before failing with STORE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

export function openDatabase(path: string): Database.Database {
  const dir = dirname(path);
  try {
    // 0700/0600: transcripts are stored unencrypted, so only the owner may read them.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw toStoreError(err, path);
  }
  const existed = existsSync(path);
  assertWritable(path, dir, existed);
  if (existed) {
    probe(path);
    tightenPermissions(path);
  } else {
    try {
      closeSync(openSync(path, "a", 0o600));
    } catch (err) {
      throw toStoreError(err, path);
    }
  }

  let db: Database.Database | undefined;
  try {
    db = openSqlite(path, { fileMustExist: true });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // A newer schema must be refused before journal_mode is touched (it rewrites the header).
    checkCompatible(db, path);
    const mode = db.pragma("journal_mode = WAL", { simple: true });
    if (mode !== "wal") throw readOnly(path, undefined, `could not switch to WAL, got '${String(mode)}'`);
    // NORMAL in WAL mode: a power loss can drop the last commits but never corrupts the file.
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    // Bounded WAL growth: checkpoint every ~4 MB of pages, trim the file back to 64 MB after.
    db.pragma("wal_autocheckpoint = 1000");
    db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    migrate(db, path);
    assertWritableConnection(db, path);
    // SQLite's advice for long-lived connections: refresh planner statistics where they are
    // missing or stale. Bounded work (analysis_limit), so it is safe on every start.
    db.pragma("optimize = 0x10002");
    return db;
  } catch (err) {
    db?.close();
    throw toStoreError(err, path);
  }
}

/**
 * SQLite silently falls back to read-only when it cannot write the file, and WAL mode needs to
 * create `-wal`/`-shm` files beside it; check both before opening so the user gets one clear
 * STORE_READONLY instead of a confusing failure on the first write.
 */
function assertWritable(path: string, dir: string, existed: boolean): void {
  const check = (target: string, what: string) => {
    try {
      accessSync(target, constants.W_OK);
    } catch (err) {
      throw readOnly(path, { cause: err }, what);
    }
  };
  check(dir, `its folder ${dir} is not writable; SQLite needs to create journal files there`);
  if (existed) check(path, "the file is not writable");
}

/**
 * SQLite opens a file it cannot write read-only without saying so, and the access() checks
 * above use the real uid; a header write settles it. Cheap: one page, once per open.
 */
function assertWritableConnection(db: Database.Database, path: string): void {
  try {
    const version = db.pragma("user_version", { simple: true }) as number;
    db.pragma(`user_version = ${version}`);
  } catch (err) {
    const mapped = toStoreError(err, path);
    if (mapped instanceof StoreError && mapped.code === "STORE_READONLY") {
      throw readOnly(
        path,
        { cause: err },
        "SQLite could only open it for reading: the file or its folder is not writable",
      );
    }
    throw mapped;
  }
}

/** Reads the schema version without taking a write lock or creating anything. */
function probe(path: string): void {
  let db: Database.Database | undefined;
  try {
    db = openSqlite(path, { readonly: true, fileMustExist: true });
    checkCompatible(db, path);
  } catch (err) {
    const mapped = toStoreError(err, path);
    // Only definite answers stop us here; anything else is retried (and reported) by the real open.
    if (
      mapped instanceof StoreError &&
      (mapped.code === "STORE_NEWER_SCHEMA" || mapped.code === "STORE_CORRUPT")
    ) {
      throw mapped;
    }
  } finally {
    db?.close();
  }
}

function tightenPermissions(path: string): void {
  try {
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) chmodSync(path, mode & 0o700);
  } catch {
    // Not ours to fix (e.g. a file owned by another user); the open will report real problems.
  }
}
