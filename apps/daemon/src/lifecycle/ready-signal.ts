import { closeSync, writeSync } from "node:fs";
import { z } from "zod";

const ReadyFd = z.coerce.number().int().min(3);

/**
 * Tells the client that spawned us that the socket now accepts connections, so it connects at
 * once instead of polling. The descriptor is closed right after: nothing the daemon starts later
 * (shells, hooks) inherits it, and a client that went away cannot make a later write fail.
 */
export function signalReady(fd: number): void {
  try {
    writeSync(fd, "ready\n");
    closeSync(fd);
  } catch (error) {
    // The client gave up waiting (EPIPE) or passed no such descriptor: serving goes on regardless.
    process.stderr.write(
      `berth-daemon: could not signal readiness on fd ${fd}: ${(error as Error).message}\n`,
    );
  }
}

/** Checked before start, so a bad argument fails before anything is locked or served. */
export function parseReadyFd(arg: string): number {
  const fd = ReadyFd.safeParse(arg);
  if (!fd.success) throw new Error(`--ready-fd must be a descriptor number of 3 or more, not "${arg}".`);
  return fd.data;
}
