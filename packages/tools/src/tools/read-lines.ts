// Reads a window of lines from a file without loading all of it: a 2 GB log read at offset 1 costs
// one chunk, not 2 GB. The file is opened once: its first chunk is also what the binary check
// looks at.
import { open } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { looksBinary } from "../util/binary.js";
import { NotAFileError, READ_FLAGS, SMALL_FILE_BYTES } from "../util/small-file.js";

/** One chunk is what a small file is: it is read whole (util/small-file.ts). */
const CHUNK = SMALL_FILE_BYTES;
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
