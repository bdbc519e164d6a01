// Reading a small regular file whole and synchronously (Read, Grep): for a file this size the
// read costs microseconds, where promise-based open, stat, read and close are each a thread-pool
// round trip (most of what a Read of a small file, or a Grep over a few, cost).
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** O_NONBLOCK: a FIFO put where a file was must not block open(2); for a file it changes nothing. */
export const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** Files up to this size are read whole, synchronously, by default. */
export const SMALL_FILE_BYTES = 64 * 1024;

/** The path is a device, socket or pipe (or became one after it was checked), not a file. */
export class NotAFileError extends Error {
  constructor(path: string) {
    super(`${path} is not a regular file (device, socket or pipe); only regular files are read.`);
    this.name = "NotAFileError";
  }
}

/**
 * The whole content of a regular file of at most `maxBytes`, or undefined when it is larger (or
 * grows while being read: the caller then streams it). Throws NotAFileError for anything but a
 * regular file (opened without blocking, never read), and the fs error when it cannot be opened.
 * Callers read paths the permission check has just resolved synchronously, so this adds no new
 * way to stall the daemon on a slow mount.
 */
export function readSmallFile(path: string, maxBytes = SMALL_FILE_BYTES): Buffer | undefined {
  const fd = openSync(path, READ_FLAGS);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new NotAFileError(path);
    if (info.size > maxBytes) return undefined;
    // One byte more than the size: a file that grew since is noticed.
    const buffer = Buffer.allocUnsafe(info.size + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, length);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) return undefined;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}
