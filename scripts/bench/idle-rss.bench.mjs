#!/usr/bin/env node
// Idle daemon memory: start the daemon, let it settle (RSS stops moving), then read its
// resident set twice: from /proc/<pid>/status (what the kernel charges) and from the
// daemon's own `daemon/status` rssBytes (what `berth daemon status` shows users).
import { berth, daemonPid, makeWorld, report, requireBuilt, round } from "./lib/common.mjs";
import { vmRssBytes, waitUntilSettled } from "./lib/rss.mjs";

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
