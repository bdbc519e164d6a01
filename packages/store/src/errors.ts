// Typed store errors. Every failure leaving the store is a StoreError with a stable code, a
// message that tells the user what to do, and whether retrying can help. SQLite and file-system
// errors are mapped here, in one place, so callers (the daemon's wire-error mapper, `berth doctor`)
// never parse SQLite messages themselves.
import Database from "better-sqlite3";

export const STORE_ERROR_CODES = {
  STORE_NEWER_SCHEMA: {
    retryable: false,
    description: "The database was written by a newer Berth; it is left untouched. Upgrade Berth.",
  },
  STORE_READONLY: {
    retryable: false,
    description: "The database file or its folder is not writable (permissions or a read-only disk).",
  },
  STORE_DISK_FULL: {
    retryable: true,
    description: "The disk holding the database is full; free space and retry.",
  },
  STORE_CORRUPT: {
    retryable: false,
    description: "The file is damaged or is not a Berth database; move it aside and restart.",
  },
  STORE_NOT_FOUND: { retryable: false, description: "The session (or row) does not exist or was deleted." },
  STORE_CONFLICT: { retryable: false, description: "A row with that id already exists." },
  STORE_INVALID: { retryable: false, description: "An argument was rejected (bad cursor, status, role...)." },
  STORE_BUSY: {
    retryable: true,
    description: "Another process held the database lock for longer than the busy timeout.",
  },
  STORE_IO: { retryable: true, description: "The operating system reported an I/O error on the database." },
  STORE_UNAVAILABLE: {
    retryable: false,
    description: "better-sqlite3 or its compiled addon is missing from the installation.",
  },
  STORE_CLOSED: { retryable: false, description: "The store was used after close()." },
} as const;

export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;

export class StoreError extends Error {
  override readonly name = "StoreError";
  readonly code: StoreErrorCode;
  readonly retryable: boolean;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.retryable = STORE_ERROR_CODES[code].retryable;
  }
}

export function notFound(what: string): StoreError {
  return new StoreError("STORE_NOT_FOUND", `${what} does not exist (it may have been deleted).`);
}

export function invalid(message: string): StoreError {
  return new StoreError("STORE_INVALID", message);
}

/**
 * Maps anything thrown by better-sqlite3 or node:fs to a StoreError. Errors that are neither
 * (programming errors such as a wrong bind count) are returned unchanged so they stay loud.
 * Messages name the file but never echo row contents: payloads may hold secrets.
 */
export function toStoreError(err: unknown, path: string): unknown {
  if (err instanceof StoreError) return err;
  if (err instanceof Database.SqliteError) return fromSqlite(err, path);
  if (err instanceof TypeError && /database connection is not open/i.test(err.message)) {
    return new StoreError("STORE_CLOSED", "The Berth store was used after it was closed.", { cause: err });
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return fromErrno(err as Error, code, path);
  return err;
}

function fromSqlite(err: InstanceType<typeof Database.SqliteError>, path: string): StoreError {
  const c = err.code;
  const opts = { cause: err };
  if (c === "SQLITE_FULL") return diskFull(path, opts);
  if (c.startsWith("SQLITE_READONLY") || c === "SQLITE_PERM" || c === "SQLITE_AUTH") {
    return readOnly(
      path,
      opts,
      `${c}: the file or its folder is not writable, or the disk is mounted read-only`,
    );
  }
  if (c.startsWith("SQLITE_CORRUPT") || c === "SQLITE_NOTADB") return corrupt(path, opts);
  if (c.startsWith("SQLITE_BUSY") || c.startsWith("SQLITE_LOCKED")) {
    return new StoreError(
      "STORE_BUSY",
      `The Berth database at ${path} is locked by another process. Retry; if it persists, check for a second daemon (berth daemon status).`,
      opts,
    );
  }
  if (c === "SQLITE_CONSTRAINT_PRIMARYKEY" || c === "SQLITE_CONSTRAINT_UNIQUE") {
    return new StoreError("STORE_CONFLICT", `A row with that id already exists (${err.message}).`, opts);
  }
  if (c === "SQLITE_CONSTRAINT_FOREIGNKEY") {
    return new StoreError("STORE_NOT_FOUND", "The referenced session does not exist.", opts);
  }
  if (c.startsWith("SQLITE_CONSTRAINT") || c === "SQLITE_MISMATCH" || c === "SQLITE_TOOBIG") {
    return new StoreError("STORE_INVALID", `The store rejected a value (${err.message}).`, opts);
  }
  if (c.startsWith("SQLITE_IOERR") && /NOSPC|FULL/.test(c)) return diskFull(path, opts);
  return new StoreError(
    "STORE_IO",
    `I/O error on the Berth database at ${path} (${c}). Check the disk and file permissions, then retry.`,
    opts,
  );
}

function fromErrno(err: Error, code: string, path: string): StoreError {
  const opts = { cause: err };
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") return readOnly(path, opts);
  if (code === "ENOSPC" || code === "EDQUOT") return diskFull(path, opts);
  return new StoreError("STORE_IO", `Cannot use the Berth database at ${path}: ${err.message}`, opts);
}

export function readOnly(path: string, opts?: { cause?: unknown }, detail?: string): StoreError {
  return new StoreError(
    "STORE_READONLY",
    `The Berth database at ${path} is read-only${detail ? ` (${detail})` : ""}. Nothing was changed. ` +
      "Make the file and its folder writable by your user (e.g. chmod u+w), or point BERTH_HOME at a writable folder.",
    opts,
  );
}

function diskFull(path: string, opts: { cause?: unknown }): StoreError {
  return new StoreError(
    "STORE_DISK_FULL",
    `The disk holding the Berth database at ${path} is full; the last change was not saved (earlier data is intact). ` +
      "Free some space (or delete old sessions with `berth sessions delete`) and retry.",
    opts,
  );
}

export function corrupt(path: string, opts?: { cause?: unknown }, detail?: string): StoreError {
  return new StoreError(
    "STORE_CORRUPT",
    `The file at ${path} is damaged or is not a Berth database${detail ? ` (${detail})` : ""}. ` +
      `Move it aside (mv "${path}" "${path}.broken") and restart Berth to start a fresh history.`,
    opts,
  );
}
