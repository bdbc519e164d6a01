// Reads a window of lines from a file without loading all of it: a 2 GB log read at offset 1 costs
// one chunk, not 2 GB. The file is opened once: its first chunk is also what the binary check
// looks at.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { looksBinary } from "../util/binary.js";

const CHUNK = 64 * 1024;
/** Longer lines are cut while reading (Read shows 2000 characters of a line anyway), so a huge
 * single-line file (minified bundle, JSON dump) cannot fill memory. */
const KEEP_PER_LINE = 4096;

export interface LineWindow {
  lines: string[];
  /** Line number (1-based) of lines[0]. */
  start: number;
  /** The file has lines after the window. */
  more: boolean;
  /** Lines seen before stopping (the whole file's count when `more` is false). */
  seen: number;
}

/** A window, or the file turned out to be binary (a NUL byte in its first few KB). */
export type WindowRead = LineWindow | { binary: true };

/** Collects lines `start`..`start+limit-1` (1-based) from decoded text fed in order. */
class LineCollector {
  private readonly decoder = new StringDecoder("utf8");
  private readonly lines: string[] = [];
  private seen = 0;
  private chars = 0;
  private partial = "";
  private more = false;

  constructor(
    private readonly start: number,
    private readonly limit: number,
    private readonly maxChars: number,
  ) {}

  /** False once the window is full (the rest of the file is not needed). */
  push(bytes: Buffer): boolean {
    const parts = (this.partial + this.decoder.write(bytes)).split("\n");
    this.partial = parts.pop() ?? "";
    if (this.partial.length > KEEP_PER_LINE) this.partial = this.partial.slice(0, KEEP_PER_LINE);
    for (const line of parts) if (!this.take(line)) return false;
    return true;
  }

  window(): LineWindow {
    if (!this.more) {
      this.partial += this.decoder.end();
      if (this.partial) this.take(this.partial);
    }
    const seen = this.more ? this.seen - 1 : this.seen;
    return { lines: this.lines, start: this.start, more: this.more, seen };
  }

  private take(line: string): boolean {
    this.seen++;
    if (this.seen < this.start) return true;
    if (
      this.lines.length >= this.limit ||
      (this.lines.length > 0 && this.chars + line.length > this.maxChars)
    ) {
      this.more = true;
      return false;
    }
    const text = (line.endsWith("\r") ? line.slice(0, -1) : line).slice(0, KEEP_PER_LINE);
    this.lines.push(text);
    this.chars += text.length;
    return true;
  }
}

/**
 * The window of a file already read whole (a small file): the same answer `readLineWindow`
 * gives for it, binary check included.
 */
export function lineWindowOf(bytes: Buffer, start: number, limit: number, maxChars: number): WindowRead {
  if (looksBinary(bytes)) return { binary: true };
  const lines = new LineCollector(start, limit, maxChars);
  lines.push(bytes);
  return lines.window();
}

/**
 * Lines `start`..`start+limit-1` (1-based), stopping early once `maxChars` of line text have been
 * collected. Line terminators (LF, CRLF) are removed.
 */
export async function readLineWindow(
  path: string,
  start: number,
  limit: number,
  maxChars: number,
  signal?: AbortSignal,
): Promise<WindowRead> {
  // O_NONBLOCK and a check of what was opened: a FIFO put in place of the file since it was
  // checked neither blocks a thread in open(2) nor gets read.
  const handle = await open(path, READ_FLAGS);
  const lines = new LineCollector(start, limit, maxChars);
  try {
    if (!(await handle.stat()).isFile()) throw new NotAFileError(path);
    const buffer = Buffer.alloc(CHUNK);
    for (let first = true; ; first = false) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const bytes = buffer.subarray(0, bytesRead);
      if (first && looksBinary(bytes)) return { binary: true };
      if (!lines.push(bytes)) break;
    }
  } finally {
    await handle.close();
  }
  return lines.window();
}

const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** The path is a device, socket or pipe (or became one after it was checked), not a file. */
export class NotAFileError extends Error {
  constructor(path: string) {
    super(`${path} is not a regular file (device, socket or pipe); Read only reads files.`);
    this.name = "NotAFileError";
  }
}

/** Files up to this size are read whole, synchronously (see `readSmallFile`). */
export const SMALL_FILE_BYTES = CHUNK;

/**
 * The whole content of a small regular file, read synchronously: for a file this size the read
 * costs microseconds, where the promise-based open, read and close are each a thread-pool round
 * trip (most of what a Read of a small file cost). The permission check has just resolved the
 * same path synchronously, so this adds no new way to stall the daemon on a slow mount.
 * Undefined when the file has grown past the small size since it was checked: the caller then
 * takes the streaming path. O_NONBLOCK: a FIFO swapped in meanwhile must not block the daemon
 * in open(2) (it is refused); for a regular file it changes nothing.
 */
export function readSmallFile(path: string): Buffer | undefined {
  const fd = openSync(path, READ_FLAGS);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new NotAFileError(path);
    if (info.size > SMALL_FILE_BYTES) return undefined;
    // One byte more than the size: a file that grew since is noticed and streamed instead.
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
