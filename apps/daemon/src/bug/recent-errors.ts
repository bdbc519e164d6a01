// The daemon's most recent error lines, from the tail of its pino log (JSON lines).
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";

const TAIL_BYTES = 256 * 1024;
const PINO_ERROR = 50;

export function recentDaemonErrors(logsDir: string, limit = 20): string[] {
  let fd: number;
  try {
    fd = openSync(join(logsDir, "daemon.log"), "r");
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = buffer.toString("utf8").split("\n");
    if (size > length) lines.shift(); // the first line is cut
    const errors: string[] = [];
    for (const line of lines) {
      try {
        if (((JSON.parse(line) as { level?: number }).level ?? 0) >= PINO_ERROR) errors.push(line);
      } catch {
        // not a JSON line (a partial write): skip
      }
    }
    return errors.slice(-limit);
  } finally {
    closeSync(fd);
  }
}
