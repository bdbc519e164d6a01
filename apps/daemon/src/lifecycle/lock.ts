import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";

export class DaemonAlreadyRunningError extends Error {
  constructor(readonly pid: number) {
    super(`Another Berth daemon (pid ${pid}) already serves this home. Stop it with \`berth daemon stop\`.`);
    this.name = "DaemonAlreadyRunningError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One daemon per Berth home. The lock file holds the owner's pid; a lock whose pid is
 * gone (the daemon was killed) is stale and taken over.
 */
export function acquireLock(path: string): { release(): void } {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return {
        release() {
          try {
            if (readFileSync(path, "utf8").trim() === String(process.pid)) rmSync(path, { force: true });
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(readFileSafe(path), 10);
      // Our own pid means this process already serves the home (a second start in-process).
      if (Number.isInteger(owner) && owner > 0 && (owner === process.pid || isAlive(owner))) {
        throw new DaemonAlreadyRunningError(owner);
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not acquire the daemon lock ${path}.`);
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

export function readLockPid(path: string): number | undefined {
  const pid = Number.parseInt(readFileSafe(path), 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}
