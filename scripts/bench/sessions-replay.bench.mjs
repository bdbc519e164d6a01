#!/usr/bin/env node
// Re-attach replay: a client that missed 10,000 events re-attaches with its last seq. Measured
// from the attach request to the moment the client has seen the last event (validated by the
// real client library), three ways: from the daemon's in-memory tail, from SQLite after a daemon
// restart (the session resumed first), and as a snapshot when the client asks for at most 1,000.
import { DAEMON, makeWorld, median, report, requireBuilt, round } from "./lib/common.mjs";
import { loadSessionsDriver } from "./lib/sessions-bundle.mjs";

const MISSED = Number(process.env.BENCH_MISSED_EVENTS ?? 10_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);

requireBuilt();
const { driver: d, dispose } = await loadSessionsDriver();
const world = makeWorld("berth-bench-replay-");
const fake = await d.startFakeAnthropic({ chunkSize: 8 });
let daemon = await d.startDaemon(DAEMON, world);
try {
  // One turn whose answer streams as MISSED text deltas.
  fake.enqueue(d.turn(d.text("abcdefgh".repeat(MISSED))));
  let conn = await daemon.connect("writer");
  const { session } = await conn.request("session/create", {
    cwd: world.project,
    env: d.sessionEnv(fake.url, world),
  });
  const writer = new d.SessionView(conn, session.id);
  const done = d.follow(writer, { type: "turn_completed" });
  await writer.attach(0);
  const before = writer.lastSeq;
  await writer.send("stream");
  const last = (await done).seq;
  const missed = last - before;

  const catchUp = async (c, options) => {
    const view = new d.SessionView(c, session.id);
    const caught = d.follow(view, { seq: last });
    let snapshotAt;
    view.on("snapshot", () => {
      snapshotAt = d.now();
    });
    const t0 = d.now();
    const result = await view.attach(before, options);
    if (result.snapshot) {
      const ms = (snapshotAt ?? d.now()) - t0;
      await view.detach();
      return ms;
    }
    await caught;
    const ms = d.now() - t0;
    await view.detach();
    return ms;
  };

  const reader = await daemon.connect("reader");
  const memory = [];
  for (let i = 0; i < REPEATS; i++) memory.push(await catchUp(reader));
  const snapshot = [];
  for (let i = 0; i < REPEATS; i++) snapshot.push(await catchUp(reader, { maxReplay: 1000 }));

  // After a restart the tail is gone: the replay reads SQLite in pages of 1,000.
  await conn.close();
  await reader.close();
  await daemon.stop();
  daemon = await d.startDaemon(DAEMON, world);
  conn = await daemon.connect("reader-2");
  const t0 = d.now();
  await conn.request("session/resume", { sessionId: session.id, env: d.sessionEnv(fake.url, world) });
  const resumeMs = d.now() - t0;
  const store = [];
  for (let i = 0; i < REPEATS; i++) {
    await conn.request("session/close", { sessionId: session.id });
    await conn.request("session/resume", { sessionId: session.id, env: d.sessionEnv(fake.url, world) });
    // Resuming appends a session_started event: the replay target moves with it.
    store.push(await catchUp(conn));
  }
  await conn.close();

  const result = {
    bench: "sessions-replay",
    missedEvents: missed,
    repeats: REPEATS,
    caughtUpFromMemoryMs: round(median(memory)),
    caughtUpFromSqliteMs: round(median(store)),
    snapshotInsteadMs: round(median(snapshot)),
    resumeMs: round(resumeMs),
    eventsPerSecondFromMemory: Math.round(missed / (median(memory) / 1000)),
  };
  console.log(
    `re-attach after missing ${missed} events (median of ${REPEATS}, real client incl. validation):`,
  );
  console.log(
    `  from the in-memory tail: ${result.caughtUpFromMemoryMs} ms to caught up (${result.eventsPerSecondFromMemory} events/s)`,
  );
  console.log(
    `  from SQLite after a daemon restart: ${result.caughtUpFromSqliteMs} ms (the resume itself: ${result.resumeMs} ms)`,
  );
  console.log(
    `  with maxReplay 1000 (snapshot instead of replay): ${result.snapshotInsteadMs} ms to the snapshot`,
  );
  report(result);
} finally {
  await daemon.stop().catch(() => undefined);
  await fake.close();
  await world.dispose();
  dispose();
}
