// A process's resident set as the kernel charges it (/proc/<pid>/status, Linux only), and a
// wait until it stops moving, so "idle" figures are not read in the middle of start-up work.
import { readFileSync } from "node:fs";

export function vmRssBytes(pid) {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/**
 * Idle means RSS moved by less than `tolerance` over `windowMs`; gives up after `maxWaitMs`.
 * Resolves with how long it waited.
 */
export async function waitUntilSettled(pid, { windowMs = 2000, tolerance = 0.01, maxWaitMs = 15_000 } = {}) {
  const started = Date.now();
  let windowStart = vmRssBytes(pid);
  let windowAt = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const now = vmRssBytes(pid);
    if (Math.abs(now - windowStart) / windowStart > tolerance) {
      windowStart = now;
      windowAt = Date.now();
    } else if (Date.now() - windowAt >= windowMs) {
      return Date.now() - started;
    }
    if (Date.now() - started > maxWaitMs) return Date.now() - started;
  }
}
