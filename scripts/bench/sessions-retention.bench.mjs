#!/usr/bin/env node
// Retention sweep over 10,000 expired sessions holding 1,000,000 events (plus 20,000 indexed
// messages). The sessions are seeded 20 days old; the daemon starts with the default 30 days
// (nothing expires), then the user settings file is set to 7 days and `history/prune` runs the
// sweep. Reports its wall time, the daemon's largest event-loop stall during it (the longest
// single sweep step, measured in the daemon) and, from outside, the worst round trip of a client
// pinging `daemon/status` back to back while the sweep runs.
import { DAEMON, makeWorld, percentile, report, requireBuilt, round } from "./lib/common.mjs";
import { loadSessionsDriver } from "./lib/sessions-bundle.mjs";

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10_000);
const EVENTS_EACH = Number(process.env.BENCH_EVENTS_EACH ?? 100);

requireBuilt();
const { driver: d, dispose } = await loadSessionsDriver();
const world = makeWorld("berth-bench-retention-");
const seedStart = d.now();
d.seedExpired(`${world.home}/berth.db`, {
  cwd: world.project,
  sessions: SESSIONS,
  eventsEach: EVENTS_EACH,
  daysAgo: 20,
});
const seedMs = d.now() - seedStart;
const daemon = await d.startDaemon(DAEMON, world);
try {
  const conn = await daemon.connect("prune");
  const pinger = await daemon.connect("pinger");
  d.writeUserSettings(world, { cleanupPeriodDays: 7 });
  const dry = await conn.request("history/prune", { dryRun: true, limit: 1 });
  if (dry.count !== SESSIONS)
    throw new Error(`expected ${SESSIONS} expired sessions, the dry run found ${dry.count}`);

  let sweeping = true;
  const rtts = [];
  const pinging = (async () => {
    while (sweeping) {
      const t = d.now();
      await pinger.request("daemon/status", {});
      rtts.push(d.now() - t);
    }
  })();
  const t0 = d.now();
  const pruned = await conn.request("history/prune", {});
  const rpcMs = d.now() - t0;
  sweeping = false;
  await pinging;
  const sweep = pruned.sweep;
  if (!sweep || sweep.removedSessions !== SESSIONS)
    throw new Error(`sweep removed ${sweep?.removedSessions}`);
  const after = await conn.request("history/prune", { dryRun: true, limit: 1 });
  const left = (await conn.request("session/list", { limit: 10 })).sessions.length;

  const result = {
    bench: "sessions-retention",
    sessions: SESSIONS,
    events: sweep.removedEvents,
    messages: sweep.removedMessages,
    sweepWallMs: sweep.finishedAt - sweep.startedAt,
    pruneRpcMs: round(rpcMs),
    batches: sweep.batches,
    maxEventLoopStallMs: sweep.maxStallMs,
    pingsDuringSweep: rtts.length,
    pingMaxMs: round(Math.max(...rtts)),
    pingP99Ms: round(percentile(rtts, 99)),
    eventsPerSecond: Math.round(sweep.removedEvents / ((sweep.finishedAt - sweep.startedAt) / 1000)),
    leftExpired: after.count,
    leftSessions: left,
    seedMs: round(seedMs),
  };
  console.log(
    `retention sweep: ${result.sessions} sessions, ${result.events} events, ${result.messages} messages removed ` +
      `in ${result.sweepWallMs} ms (${result.batches} steps, ${result.eventsPerSecond} events/s); seeded in ${result.seedMs} ms`,
  );
  console.log(
    `  largest event-loop stall in the daemon: ${result.maxEventLoopStallMs} ms (longest step); ` +
      `a client pinging meanwhile: ${result.pingsDuringSweep} round trips, p99 ${result.pingP99Ms} ms, max ${result.pingMaxMs} ms`,
  );
  report(result);
  await pinger.close();
  await conn.close();
} finally {
  await daemon.stop().catch(() => undefined);
  await world.dispose();
  dispose();
}
