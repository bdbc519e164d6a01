import {
  lstatSync,
  mkdirSync,
  openSync,
  closeSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createConnection } from "node:net";
import {
  type BerthPaths,
  formatLockRecord,
  livenessLockPath,
  parseLockRecord,
  parseProcStat,
} from "@berth/protocol";
import { openSqlite } from "@berth/store";

export class DaemonAlreadyRunningError extends Error {
  constructor(
    readonly pid: number | undefined,
    why = "already serves this home",
  ) {
    super(
      `Another Berth daemon${pid !== undefined ? ` (pid ${pid})` : ""} ${why}. Stop it with \`berth daemon stop\`.`,
    );
    this.name = "DaemonAlreadyRunningError";
  }
}

export class LockFileError extends Error {
  constructor(path: string, problem: string) {
    super(`The daemon lock ${path} ${problem}. Nothing was changed; remove it and start again.`);
    this.name = "LockFileError";
  }
}

export interface DaemonLock {
  release(): void;
}

/**
 * One daemon per Berth home. Liveness is an exclusive SQLite lock on the liveness database,
 * held from here until `release` or death: the kernel drops it with the process's file
 * descriptors, so a zombie daemon, a reused pid or a record left by another Berth version can
 * never keep a new daemon out. `daemon.lock` only records the owner, for diagnosis.
 */
export async function acquireLock(paths: BerthPaths, version: string): Promise<DaemonLock> {
  mkdirSync(paths.runDir, { recursive: true, mode: 0o700 });
  const dbPath = livenessLockPath(paths);
  assertPrivateFile(dbPath);
  // timeout 0: a held lock answers SQLITE_BUSY at once instead of after the default 5 s wait.
  const db = openSqlite(dbPath, { timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code;
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") {
      throw new DaemonAlreadyRunningError(recordedPid(paths.lock));
    }
    if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT")
      throw new LockFileError(dbPath, "is not a lock database");
    throw error;
  }
  const release = () => {
    try {
      const record = parseLockRecord(readFileSync(paths.lock, "utf8"));
      if (record.kind === "owner" && record.owner.pid === process.pid) rmSync(paths.lock, { force: true });
    } catch {
      // no record: nothing to remove
    }
    if (db.open) db.close(); // ends the transaction: the lock is free
  };
  try {
    // A daemon of an older Berth holds no liveness lock, only its socket: while that socket
    // answers, the home is served and taking it over would put two daemons on one database.
    if (await ownSocketAccepts(paths.socket)) {
      throw new DaemonAlreadyRunningError(
        recordedPid(paths.lock),
        "of another Berth version serves this home",
      );
    }
    writeRecord(paths.lock, version);
  } catch (error) {
    release();
    throw error;
  }
  return { release };
}

/** The lock database lives in the private run dir; a link or someone else's file there is refused. */
function assertPrivateFile(path: string): void {
  // Create only when missing: closing any descriptor of a file drops every fcntl lock this
  // process holds on it, which would free the lock of a daemon already running in-process.
  try {
    closeSync(openSync(path, "wx", 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const stat = lstatSync(path);
  const uid = process.getuid?.();
  if (!stat.isFile()) throw new LockFileError(path, "is not a regular file");
  if (uid !== undefined && stat.uid !== uid) throw new LockFileError(path, "belongs to another user");
}

function writeRecord(path: string, version: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(
    temp,
    formatLockRecord({
      format: 2,
      pid: process.pid,
      version,
      startedAt: Date.now(),
      ...processStart(),
    }),
    { mode: 0o600 },
  );
  renameSync(temp, path);
}

function processStart(): { processStart?: number } {
  try {
    const stat = parseProcStat(readFileSync("/proc/self/stat", "utf8"));
    return stat ? { processStart: stat.startTicks } : {};
  } catch {
    return {}; // no /proc (macOS): diagnosis falls back to the pid alone
  }
}

function recordedPid(path: string): number | undefined {
  try {
    const record = parseLockRecord(readFileSync(path, "utf8"));
    return record.kind === "owner" ? record.owner.pid : record.pid;
  } catch {
    return undefined;
  }
}

/** Only a socket of our own is probed: a socket planted by another user is startServer's to refuse. */
function ownSocketAccepts(socketPath: string): Promise<boolean> {
  try {
    if (lstatSync(socketPath).uid !== process.getuid?.()) return Promise.resolve(false);
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const probe = createConnection({ path: socketPath });
    const done = (accepts: boolean) => {
      probe.destroy();
      resolve(accepts);
    };
    probe.once("connect", () => done(true));
    probe.once("error", () => done(false));
    probe.setTimeout(2000, () => done(false));
  });
}
