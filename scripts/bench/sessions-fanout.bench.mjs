#!/usr/bin/env node
// Fan-out: 10 clients attached to one session while it streams 100,000 text deltas (the fake
// model sends them as fast as it can). Reports the events per second the daemon delivered to
// all clients together, and each client's lag: receive time minus the event's commit time in
// the daemon (same machine clock, ms), so the slowest client's worst and p99 lag. A second,
// paced run (1 ms between model events, nearer a real model) shows the lag at a realistic rate.
// The clients are raw WebSockets sharing this process (they read seq/time/type only), so the
// figures are the daemon's delivery rather than client-side parsing; the fake model runs in a
// process of its own. A client the daemon drops (its backlog did not drain) re-attaches from its
// last seq, as the terminal client does; drops are counted.
import { DAEMON, makeWorld, percentile, report, requireBuilt, ROOT, round } from "./lib/common.mjs";
import { loadSessionsDriver } from "./lib/sessions-bundle.mjs";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const DELTAS = Number(process.env.BENCH_DELTAS ?? 100_000);
const PACED_DELTAS = Number(process.env.BENCH_PACED_DELTAS ?? 5_000);

requireBuilt();
const { driver: d, dispose } = await loadSessionsDriver();
const world = makeWorld("berth-bench-fanout-");
const script = (deltas) => [d.turn(d.text("abcdefgh".repeat(deltas)))];
const flat = await d.startFakeModelProcess(ROOT, script(DELTAS));
const paced = await d.startFakeModelProcess(ROOT, script(PACED_DELTAS), { latencyMs: 1 });
const daemon = await d.startDaemon(DAEMON, world);

/** Attaches CLIENTS raw clients to a new session, streams `deltas` deltas, measures delivery. */
async function run(model, deltas) {
  const conn = await daemon.connect("driver");
  const { session } = await conn.request("session/create", {
    cwd: world.project,
    env: d.sessionEnv(model.url, world),
  });
  const clients = [];
  const finished = [];
  for (let i = 0; i < CLIENTS; i++) {
    const stats = { received: 0, deltas: 0, lags: [], drops: 0, lastSeq: 0 };
    let resolveDone;
    finished.push(
      new Promise((r) => {
        resolveDone = r;
      }),
    );
    const client = await d.rawClient(world, (note) => {
      const t = Date.now();
      if (note.dropped) {
        stats.drops++;
        void client.request("session/attach", {
          sessionId: session.id,
          afterSeq: stats.lastSeq,
          maxReplay: 1_000_000,
        });
        return;
      }
      if (note.seq <= stats.lastSeq) return;
      stats.lastSeq = note.seq;
      stats.received++;
      if (note.type === "assistant_text_delta") {
        stats.deltas++;
        stats.lags.push(t - note.time);
      }
      if (note.type === "turn_completed") resolveDone();
    });
    await client.request("session/attach", { sessionId: session.id, afterSeq: 0 });
    clients.push({ client, stats });
  }
  const t0 = d.now();
  await conn.request("session/send", { sessionId: session.id, text: "stream a lot" });
  await Promise.all(finished);
  const wallMs = d.now() - t0;
  for (const { client } of clients) client.close();
  await conn.close();
  const perClient = clients.map(({ stats }) => ({
    maxLagMs: Math.max(...stats.lags),
    p99LagMs: percentile(stats.lags, 99),
    medianLagMs: percentile(stats.lags, 50),
    drops: stats.drops,
  }));
  const slowest = perClient.reduce((a, b) => (b.maxLagMs > a.maxLagMs ? b : a));
  const delivered = clients.reduce((sum, c) => sum + c.stats.received, 0);
  return {
    deltasDelivered: clients.reduce((sum, c) => sum + c.stats.deltas, 0),
    eventsDelivered: delivered,
    wallMs: round(wallMs),
    eventsPerSecond: Math.round(delivered / (wallMs / 1000)),
    deltasPerSecondPerClient: Math.round(deltas / (wallMs / 1000)),
    slowestClientMaxLagMs: slowest.maxLagMs,
    slowestClientP99LagMs: slowest.p99LagMs,
    medianLagMs: percentile(
      perClient.map((c) => c.medianLagMs),
      50,
    ),
    drops: perClient.reduce((sum, c) => sum + c.drops, 0),
  };
}

try {
  const full = await run(flat, DELTAS);
  console.log(
    `${CLIENTS} clients × ${DELTAS} text deltas, model as fast as it can: ${full.deltasDelivered} deltas ` +
      `(${full.eventsDelivered} events) delivered in ${full.wallMs} ms`,
  );
  console.log(
    `  ${full.eventsPerSecond} events/s delivered in total (${full.deltasPerSecondPerClient} deltas/s per client; each delta committed to SQLite before it is sent)`,
  );
  console.log(
    `  lag (receive - commit): median ${full.medianLagMs} ms; slowest client p99 ${full.slowestClientP99LagMs} ms, ` +
      `max ${full.slowestClientMaxLagMs} ms; drops (then re-attach): ${full.drops}`,
  );
  const slow = await run(paced, PACED_DELTAS);
  console.log(
    `paced (1 ms between model events, ${slow.deltasPerSecondPerClient} deltas/s): lag median ${slow.medianLagMs} ms, ` +
      `slowest client p99 ${slow.slowestClientP99LagMs} ms, max ${slow.slowestClientMaxLagMs} ms; drops: ${slow.drops}`,
  );
  report({
    bench: "sessions-fanout",
    clients: CLIENTS,
    deltasPerClient: DELTAS,
    ...full,
    paced: { deltasPerClient: PACED_DELTAS, ...slow },
  });
} finally {
  await daemon.stop().catch(() => undefined);
  await flat.stop();
  await paced.stop();
  await world.dispose();
  dispose();
}
