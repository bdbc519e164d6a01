#!/usr/bin/env node
// Idle daemon memory: start the daemon, let it settle (RSS stops moving), then read its
// resident set twice: from /proc/<pid>/status (what the kernel charges) and from the
// daemon's own `daemon/status` rssBytes (what `berth daemon status` shows users).
import { readFileSync } from "node:fs";
import { berth, daemonPid, makeWorld, report, requireBuilt, round } from "./lib/common.mjs";

const SETTLE_WINDOW_MS = 2000;
const SETTLE_TOLERANCE = 0.01;
const MAX_WAIT_MS = 15_000;

function vmRssBytes(pid) {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** Idle means RSS moved by less than 1% over a 2 s window (start-up allocations are done). */
async function waitUntilSettled(pid) {
  const started = Date.now();
  let windowStart = vmRssBytes(pid);
  let windowAt = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const now = vmRssBytes(pid);
    if (Math.abs(now - windowStart) / windowStart > SETTLE_TOLERANCE) {
      windowStart = now;
      windowAt = Date.now();
    } else if (Date.now() - windowAt >= SETTLE_WINDOW_MS) {
      return Date.now() - started;
    }
    if (Date.now() - started > MAX_WAIT_MS) return Date.now() - started;
  }
}

const mib = (bytes) => round(bytes / 1048576, 1);

if (process.platform !== "linux") {
  console.log("idle daemon rss: skipped (reads /proc, Linux only)");
  report({ bench: "idle-rss", skipped: true });
  process.exit(0);
}

requireBuilt();
const world = makeWorld("berth-bench-rss-");
try {
  berth(world, ["daemon", "start"]);
  const pid = daemonPid(world.home);
  if (pid === undefined) throw new Error("the daemon did not start");
  const settledAfterMs = await waitUntilSettled(pid);
  const procRss = vmRssBytes(pid);
  const status = JSON.parse(berth(world, ["daemon", "status", "--json"]).stdout);
  const result = {
    bench: "idle-rss",
    pid,
    settledAfterMs,
    vmRssMiB: mib(procRss),
    statusRssMiB: mib(status.rssBytes),
  };
  console.log(
    `idle daemon rss: ${result.vmRssMiB} MiB (VmRSS from /proc/${pid}/status after ${round(settledAfterMs / 1000)} s idle; ` +
      `daemon/status rssBytes: ${result.statusRssMiB} MiB)`,
  );
  report(result);
} finally {
  await world.dispose();
}
