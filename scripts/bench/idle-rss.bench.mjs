#!/usr/bin/env node
// Idle daemon memory: start the daemon, let it settle (RSS stops moving), then read its
// resident set twice: from /proc/<pid>/status (what the kernel charges) and from the
// daemon's own `daemon/status` rssBytes (what `berth daemon status` shows users).
// A second reading comes LATE_MS after start: V8's memory reducer runs its first idle GCs ~8 s
// after start-up grew the heap (shrinking the young generation), which is what a daemon that
// stays up holds; the first reading is taken as soon as RSS stops moving.
// BENCH_DAEMON_ENTRY=<another berth-daemon.js> (e.g. main's build copied aside) measures that
// build too, alternating with this one, for a before/after from the same run.
import { berth, daemonPid, makeWorld, median, report, requireBuilt, round } from "./lib/common.mjs";
import { vmRssBytes, waitUntilSettled } from "./lib/rss.mjs";

const mib = (bytes) => round(bytes / 1048576, 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BASELINE = process.env.BENCH_DAEMON_ENTRY || undefined;
const LATE_MS = Number(process.env.BENCH_IDLE_LATE_MS ?? 12_000);

if (process.platform !== "linux") {
  console.log("idle daemon rss: skipped (reads /proc, Linux only)");
  report({ bench: "idle-rss", skipped: true });
  process.exit(0);
}

/** One fresh home, one daemon (this build, or `entry`), settled; its RSS both ways. */
async function measure(entry) {
  const world = makeWorld("berth-bench-rss-");
  if (entry) world.env.BERTH_DAEMON_ENTRY = entry;
  try {
    const started = Date.now();
    berth(world, ["daemon", "start"]);
    const pid = daemonPid(world.home);
    if (pid === undefined) throw new Error("the daemon did not start");
    const settledAfterMs = await waitUntilSettled(pid);
    const procRss = vmRssBytes(pid);
    const status = JSON.parse(berth(world, ["daemon", "status", "--json"]).stdout);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + LATE_MS - Date.now())));
    return { pid, settledAfterMs, vmRss: procRss, statusRss: status.rssBytes, lateRss: vmRssBytes(pid) };
  } finally {
    await world.dispose();
  }
}

requireBuilt();
const runs = { current: [], baseline: [] };
for (let i = 0; i < RUNS; i++) {
  if (BASELINE) runs.baseline.push(await measure(BASELINE));
  runs.current.push(await measure(undefined));
}
const summary = (list) => ({
  vmRssMiB: mib(median(list.map((r) => r.vmRss))),
  statusRssMiB: mib(median(list.map((r) => r.statusRss))),
  settledAfterMs: median(list.map((r) => r.settledAfterMs)),
  lateVmRssMiB: mib(median(list.map((r) => r.lateRss))),
});
const current = summary(runs.current);
const result = { bench: "idle-rss", runs: RUNS, ...current };
console.log(
  `idle daemon rss: ${current.vmRssMiB} MiB (median of ${RUNS}; VmRSS from /proc/<pid>/status after ` +
    `${round(current.settledAfterMs / 1000)} s idle; daemon/status rssBytes: ${current.statusRssMiB} MiB); ` +
    `${current.lateVmRssMiB} MiB ${LATE_MS / 1000} s after start (after V8's idle GC)`,
);
if (BASELINE) {
  const baseline = summary(runs.baseline);
  result.baseline = { entry: BASELINE, ...baseline };
  result.ratio = round(current.vmRssMiB / baseline.vmRssMiB, 2);
  result.lateRatio = round(current.lateVmRssMiB / baseline.lateVmRssMiB, 2);
  console.log(
    `baseline (${BASELINE}): ${baseline.vmRssMiB} MiB, ${baseline.lateVmRssMiB} MiB late; ` +
      `this build / baseline: ${result.ratio}, late ${result.lateRatio}`,
  );
}
report(result);
