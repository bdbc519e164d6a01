// Reads a window of lines from a file without loading all of it: a 2 GB log read at offset 1 costs
// one chunk, not 2 GB.
import { open } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";

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
): Promise<LineWindow> {
  const handle = await open(path, "r");
  const decoder = new StringDecoder("utf8");
  const lines: string[] = [];
  let seen = 0;
  let chars = 0;
  let partial = "";
  let more = false;
  const take = (line: string): boolean => {
    seen++;
    if (seen < start) return true;
    if (lines.length >= limit || (lines.length > 0 && chars + line.length > maxChars)) {
      more = true;
      return false;
    }
    const text = (line.endsWith("\r") ? line.slice(0, -1) : line).slice(0, KEEP_PER_LINE);
    lines.push(text);
    chars += text.length;
    return true;
  };
  try {
    const buffer = Buffer.alloc(CHUNK);
    reading: for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const parts = (partial + decoder.write(buffer.subarray(0, bytesRead))).split("\n");
      partial = parts.pop() ?? "";
      if (partial.length > KEEP_PER_LINE) partial = partial.slice(0, KEEP_PER_LINE);
      for (const line of parts) if (!take(line)) break reading;
    }
    if (!more) {
      partial += decoder.end();
      if (partial) take(partial);
    }
  } finally {
    await handle.close();
  }
  return { lines, start, more, seen: more ? seen - 1 : seen };
}
