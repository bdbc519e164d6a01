#!/usr/bin/env node
// Soak: SOAK_SESSIONS sessions (default 50), each with SOAK_CLIENTS attached clients (default 10),
// turning over for SOAK_DURATION_S seconds (default 600) against the fake model: every turn streams
// deltas, calls a tool that needs permission (Write, then Bash, in turn), and a random attached
// client answers the question. Reports the daemon's RSS and heap over time (sampled by the daemon
// itself, BERTH_DAEMON_METRICS_FILE), event-loop delay p50/p99/max, delivery lag (receive time
// minus the daemon's commit time), events lost (by seq, per client and session: must be 0), and the
// daemon's descriptors and child processes at the end against the start (must be equal).
// Bounded and self-stopping: new turns stop at the deadline, running ones get SOAK_DRAIN_S to end.
// Churn mode (SOAK_CHURN_TURNS=n): a session that has run n turns is closed and replaced by a new
// one (every client attaches to it), so the daemon's memory reaches a steady state whose slope can
// be measured; without churn, each session's own history grows for the whole run.
import { join } from "node:path";
import { DAEMON, makeWorld, percentile, report, requireBuilt, ROOT, round } from "../bench/lib/common.mjs";
import { loadSessionsDriver } from "../bench/lib/sessions-bundle.mjs";
import { memoryFigures, mib, readSamples } from "./lib/memory-figures.mjs";

const SESSIONS = Number(process.env.SOAK_SESSIONS ?? 50);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 10);
const DURATION_S = Number(process.env.SOAK_DURATION_S ?? 600);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? 5000);
const DRAIN_S = Number(process.env.SOAK_DRAIN_S ?? 60);
const CHURN_TURNS = Number(process.env.SOAK_CHURN_TURNS ?? 0);
// Extra environment for the daemon only, as JSON (e.g. glibc malloc settings for an experiment).
const DAEMON_ENV = JSON.parse(process.env.SOAK_DAEMON_ENV ?? "{}");
// Another build of the daemon (e.g. main's) for a baseline measured the same way on the same machine.
const DAEMON_ENTRY = process.env.SOAK_DAEMON ?? DAEMON;

requireBuilt();
const { driver: d, dispose } = await loadSessionsDriver(join(ROOT, "scripts/soak/lib/driver.mjs"));
const world = makeWorld("berth-soak-");
const metricsFile = join(world.root, "daemon-metrics.jsonl");
const ANSWER = Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ");
let turnCounter = 0;
const fake = await d.startFakeAnthropic({
  latencyMs: 2,
  chunkSize: 8,
  responder: (request) => {
    const last = request.body.messages.at(-1);
    if (Array.isArray(last.content) && last.content.some((b) => b.type === "tool_result"))
      return d.turn(d.text(ANSWER));
    const n = turnCounter++;
    const tool =
      n % 2 === 0
        ? d.toolUse("Write", { file_path: join(world.project, `out-${n % 64}.txt`), content: `turn ${n}\n` })
        : d.toolUse("Bash", { command: `echo soak-${n}` });
    return d.turn(d.text(ANSWER.slice(0, 200)), tool);
  },
});
const daemon = await d.startDaemon(DAEMON_ENTRY, world, {
  ...DAEMON_ENV,
  BERTH_DAEMON_METRICS_FILE: metricsFile,
  BERTH_DAEMON_METRICS_INTERVAL_MS: String(SAMPLE_MS),
});
// A variable outside the daemon's allowlist makes it relaunch itself with a clean environment (and
// without that variable); /proc figures would then be the supervisor's, so such a run stops here.
if (d.descendants(daemon.pid).some((p) => d.commandLine(p.pid).includes(DAEMON_ENTRY))) {
  await daemon.stop();
  throw new Error(
    "The daemon relaunched itself with a clean environment: SOAK_DAEMON_ENV may hold only variables the daemon keeps (packages/protocol/src/daemon-env.ts).",
  );
}
const driver = await daemon.connect("soak-driver");
const env = d.sessionEnv(fake.url, world);
// Warm-up: one turn of each kind loads what a daemon loads once (the shell grammar, a pty, the
// HTTP pool); "start" is measured after it and after idle model connections have timed out.
{
  const { session } = await driver.request("session/create", {
    cwd: world.project,
    env,
    trustWorkspace: true,
    permissionMode: "acceptEdits",
  });
  const view = new d.SessionView(driver, session.id);
  await view.attach(0);
  for (let i = 0; i < 2; i++) {
    const ended = d.nextEvent(view, ["turn_completed", "turn_failed"], 60_000);
    await view.send("warm up");
    await ended;
  }
  await driver.request("session/close", { sessionId: session.id });
  await new Promise((r) => setTimeout(r, 6000));
}
const startFds = d.descriptors(daemon.pid);
const startChildren = d.descendants(daemon.pid).length;
const startMapping = d.residentByMapping(daemon.pid);

// Per client and session: the last seq seen and the seqs it never saw.
const state = new Map(); // `${client}:${session}` -> { lastSeq, lost }
const lags = [];
const counts = { events: 0, drops: 0, permissionsAnswered: 0, turnsCompleted: 0, turnsFailed: 0 };
const turnEnded = new Map(); // sessionId -> resolve of the current turn
const reattachErrors = [];
const failedCodes = {};
const failedExamples = [];
let closing = false;
const closedSessions = new Set(); // closed by churn: their clients are dropped on purpose
const finalSeqs = new Map(); // sessionId -> last seq, read once the session is closed
let sessionsReplaced = 0;
const clients = [];
for (let c = 0; c < CLIENTS; c++) {
  const client = await d.soakClient(world, `soak-client-${c}`, (note) => {
    const key = `${c}:${note.sessionId}`;
    const s = state.get(key);
    if (!s) return;
    if (note.dropped) {
      if (closing || closedSessions.has(note.sessionId)) return; // closing a session drops its clients
      counts.drops++;
      client
        .request("session/attach", { sessionId: note.sessionId, afterSeq: s.lastSeq, maxReplay: 1_000_000 })
        .catch((error) => reattachErrors.push(error.message));
      return;
    }
    if (note.seq <= s.lastSeq) return; // a replay overlapping what arrived live
    if (note.seq > s.lastSeq + 1) s.lost += note.seq - s.lastSeq - 1;
    s.lastSeq = note.seq;
    counts.events++;
    if (lags.length < 5_000_000) lags.push(Date.now() - note.time); // bounded memory on long runs
    if (note.type === "permission_request") {
      // A random attached client answers: the one the request id picks.
      const pick =
        [...note.event.request.requestId].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % CLIENTS;
      if (pick === c) {
        counts.permissionsAnswered++;
        void client.request("permission/respond", {
          sessionId: note.sessionId,
          requestId: note.event.request.requestId,
          answer: "allow_once",
        });
      }
    }
    if (c === 0 && (note.type === "turn_completed" || note.type === "turn_failed")) {
      if (note.type === "turn_completed") counts.turnsCompleted++;
      else {
        counts.turnsFailed++;
        failedCodes[note.event.error.code] = (failedCodes[note.event.error.code] ?? 0) + 1;
        if (failedExamples.length < 3) failedExamples.push(note.event.error.message.slice(0, 300));
      }
      turnEnded.get(note.sessionId)?.();
    }
  });
  clients.push(client);
}

const sessionIds = []; // every session of the run, closed ones included
async function newSession() {
  const { session } = await driver.request("session/create", {
    cwd: world.project,
    env,
    trustWorkspace: true,
  });
  sessionIds.push(session.id);
  for (let c = 0; c < CLIENTS; c++) {
    state.set(`${c}:${session.id}`, { lastSeq: 0, lost: 0 });
    await clients[c].request("session/attach", { sessionId: session.id, afterSeq: 0 });
  }
  return session.id;
}
async function closeSession(id) {
  closedSessions.add(id);
  await driver.request("session/close", { sessionId: id });
  // Read after the close: whatever the session emitted until then counts.
  finalSeqs.set(id, (await driver.request("session/get", { sessionId: id })).session.lastSeq);
}
const firstSessions = [];
for (let i = 0; i < SESSIONS; i++) firstSessions.push(await newSession());

const started = Date.now();
const deadline = started + DURATION_S * 1000;
async function runSession(first) {
  let id = first;
  let turns = 0;
  while (Date.now() < deadline) {
    if (CHURN_TURNS > 0 && turns >= CHURN_TURNS) {
      await closeSession(id);
      id = await newSession();
      turns = 0;
      sessionsReplaced++;
    }
    const ended = new Promise((resolve) => turnEnded.set(id, resolve));
    await driver.request("session/send", { sessionId: id, text: "carry on" });
    await ended;
    turns++;
  }
}
const progress = setInterval(() => {
  process.stderr.write(
    `soak: ${Math.round((Date.now() - started) / 1000)} s, ${counts.turnsCompleted} turns, ${counts.events} events\n`,
  );
}, 30_000);
const drained = Promise.all(firstSessions.map(runSession));
const timedOut = new Promise((r) => setTimeout(r, (DURATION_S + DRAIN_S) * 1000, "timeout"));
const outcome = await Promise.race([drained, timedOut]);
clearInterval(progress);
const loadEndedAt = Date.now();
const endMapping = d.residentByMapping(daemon.pid);
const elapsedS = (loadEndedAt - started) / 1000;

// Every client must have seen every event of every session: last seq = the session's last seq.
const failures = [];
if (outcome === "timeout") failures.push(`turns still running ${DRAIN_S} s after the deadline`);
let lost = 0;
let behind = 0;
for (const id of sessionIds) {
  const lastSeq =
    finalSeqs.get(id) ?? (await driver.request("session/get", { sessionId: id })).session.lastSeq;
  for (let c = 0; c < CLIENTS; c++) {
    const s = state.get(`${c}:${id}`);
    lost += s.lost;
    if (s.lastSeq < lastSeq) behind += lastSeq - s.lastSeq;
  }
}
if (lost + behind > 0) failures.push(`events lost: ${lost} gaps, ${behind} never received`);

if (reattachErrors.length)
  failures.push(`re-attach after a drop failed: ${reattachErrors.slice(0, 3).join("; ")}`);
closing = true;
for (const id of sessionIds)
  if (!closedSessions.has(id)) await driver.request("session/close", { sessionId: id });
for (const client of clients) await client.close();
// Closed sockets, exited shells and idle model connections (5 s keep-alive) settle first.
let endFds;
let endChildren;
for (let waited = 0; waited < 15_000; waited += 500) {
  endFds = d.descriptors(daemon.pid);
  endChildren = d.descendants(daemon.pid).length;
  if (endFds.total === startFds.total && endChildren === startChildren) break;
  await new Promise((r) => setTimeout(r, 500));
}
if (endFds.total !== startFds.total)
  failures.push(`descriptors: ${JSON.stringify(startFds)} at start, ${JSON.stringify(endFds)} at end`);
if (endChildren !== startChildren)
  failures.push(`child processes: ${startChildren} at start, ${endChildren} at end`);
await driver.close();
await daemon.stop();

const figures = memoryFigures(readSamples(metricsFile), { loadEndedAt });
await fake.close();
await world.dispose();
dispose();
report({
  benchmark: "soak",
  sessions: SESSIONS,
  clientsPerSession: CLIENTS,
  durationS: round(elapsedS, 0),
  turnsCompleted: counts.turnsCompleted,
  turnsFailed: counts.turnsFailed,
  turnsFailedByCode: failedCodes,
  turnsFailedExamples: failedExamples,
  permissionsAnswered: counts.permissionsAnswered,
  eventsDelivered: counts.events,
  clientDropsReattached: counts.drops,
  eventsLost: lost + behind,
  deliveryLagMs: {
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    max: lags.reduce((a, b) => Math.max(a, b), 0),
  },
  churnTurns: CHURN_TURNS,
  daemonEnv: DAEMON_ENV,
  sessionsReplaced,
  ...figures.memory,
  loopDelayMs: figures.loopDelayMs,
  rssMiBOverTime: figures.rssMiBOverTime,
  heapUsedMiBOverTime: figures.heapUsedMiBOverTime,
  // Resident MiB by mapping (brk: C heap, anon: V8 heap and other arenas) after warm-up and at the end.
  residentByMappingMiB: Object.fromEntries(
    Object.keys(startMapping).map((k) => [
      k,
      k === "anonMappings" ? [startMapping[k], endMapping[k]] : [mib(startMapping[k]), mib(endMapping[k])],
    ]),
  ),
  descriptors: { start: startFds.total, end: endFds.total },
  childProcesses: { start: startChildren, end: endChildren },
  failures,
});
process.exit(failures.length ? 1 : 0);
