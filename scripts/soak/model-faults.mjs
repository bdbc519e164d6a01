#!/usr/bin/env node
// Model faults against the built daemon: mid-stream disconnects, a stream that stalls past the
// idle timeout, 429 and 529 storms with and without retry-after, malformed SSE, a 10 MB answer, and
// a 401 that persists after the apiKeyHelper is run again. For each: what the user sees (event,
// stable code, message), how many attempts the fake model received and the gaps between them (the
// retries and their backoff), and whether the conversation goes on afterwards (the next message in
// the same session completes, and the fake model rejects a history with a dangling tool_use).
// Finally the store: integrity_check and every session's history valid for resume.
// Bounded: every wait has a timeout; exits non-zero when an expectation fails.
import { join } from "node:path";
import { DAEMON, makeWorld, report, requireBuilt, ROOT, round } from "../bench/lib/common.mjs";
import { loadSessionsDriver } from "../bench/lib/sessions-bundle.mjs";

const IDLE_MS = Number(process.env.FAULTS_IDLE_TIMEOUT_MS ?? 2000);
requireBuilt();
const { driver: d, dispose } = await loadSessionsDriver(join(ROOT, "scripts/soak/lib/driver.mjs"));
const world = makeWorld("berth-faults-");
const LONG = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
const partial = (kind) => ({
  content: [d.text(LONG), d.toolUse("Read", { file_path: "x" })],
  fault: { kind, afterEvents: 8 },
});
// retryAfter null: no header at all (the fake otherwise sends `retry-after: 1` with a 429, as the API does).
const storm = (status, type, retryAfter) => () => ({
  error: { status, type, message: `${type} (fake storm)`, retryAfter },
});

// expect: the code the user must see, or "completed".
const scenarios = [
  { name: "mid-stream disconnect", reply: () => partial("disconnect"), expect: "connection_error" },
  {
    name: `stall beyond the idle timeout (${IDLE_MS} ms)`,
    reply: () => partial("stall"),
    expect: "stream_stalled",
  },
  { name: "429 storm, no retry-after", reply: storm(429, "rate_limit_error", null), expect: "rate_limited" },
  { name: "429 storm, retry-after 1 s", reply: storm(429, "rate_limit_error", 1), expect: "rate_limited" },
  { name: "529 storm, no retry-after", reply: storm(529, "overloaded_error", null), expect: "overloaded" },
  { name: "529 storm, retry-after 1 s", reply: storm(529, "overloaded_error", 1), expect: "overloaded" },
  { name: "malformed SSE", reply: () => partial("malformed"), expect: "api_error" },
  {
    name: "10 MB response",
    big: true,
    reply: () => d.turn(d.text("0123456789abcdef".repeat(655_360))),
    expect: "completed",
  },
  {
    name: "401 that persists after a helper refresh",
    helper: true,
    reply: () => d.apiError(401, "authentication_error", "invalid x-api-key"),
    expect: "auth_failed",
  },
];

const attempts = new Map(scenarios.map((s) => [s.name, []]));
const responder = (request) => {
  const said = d.lastUserText(request);
  const scenario = scenarios.find((s) => said.includes(`[${s.name}]`));
  if (!scenario || said.startsWith("and now")) return d.turn(d.text("carrying on"));
  attempts.get(scenario.name).push(request);
  return scenario.reply();
};
const fake = await d.startFakeAnthropic({ responder, chunkSize: 8 });
// The big answer in 16 KiB deltas: 640 events, not the 1.3 million 8-character ones.
const bigFake = await d.startFakeAnthropic({ responder, chunkSize: 16_384 });
const daemon = await d.startDaemon(DAEMON, world);
const conn = await daemon.connect("faults");
const helperLog = join(world.root, "helper-runs");
const results = [];
const failures = [];
const sessionIds = [];

for (const s of scenarios) {
  const started = Date.now();
  const env = d.sessionEnv((s.big ? bigFake : fake).url, world, {
    BERTH_STREAM_IDLE_TIMEOUT_MS: String(IDLE_MS),
  });
  const extra = {};
  if (s.helper) {
    delete env.ANTHROPIC_API_KEY;
    extra.settings = JSON.stringify({ apiKeyHelper: `echo run >> '${helperLog}'; echo key-$$` });
    extra.trustWorkspace = true;
  }
  const { session } = await conn.request("session/create", { cwd: world.project, env, ...extra });
  sessionIds.push(session.id);
  const view = new d.SessionView(conn, session.id);
  await view.attach(0);
  const ended = d.nextEvent(view, ["turn_completed", "turn_failed", "turn_interrupted"], 120_000);
  await view.send(`[${s.name}] go`);
  const event = await ended;
  const seen =
    event.type === "turn_failed"
      ? event.error
      : { code: event.type === "turn_completed" ? "completed" : event.type };
  const times = attempts.get(s.name).map((r) => r.receivedAt);
  const after = d.nextEvent(view, ["turn_completed", "turn_failed"], 60_000);
  await view.send(`and now [${s.name}] carry on`);
  const next = await after;
  const result = {
    scenario: s.name,
    userSees: seen,
    attempts: times.length,
    backoffMs: times.slice(1).map((t, i) => t - times[i]),
    elapsedMs: Date.now() - started,
    nextMessage: next.type === "turn_completed" ? "completed" : `${next.type} ${next.error?.code}`,
    ...(s.helper
      ? { helperRuns: (await import("node:fs")).readFileSync(helperLog, "utf8").trim().split("\n").length }
      : {}),
  };
  results.push(result);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (seen.code !== s.expect) failures.push(`${s.name}: expected ${s.expect}, saw ${seen.code}`);
  if (s.expect !== "completed" && !(seen.message?.length > 20)) failures.push(`${s.name}: no clear message`);
  if (result.nextMessage !== "completed")
    failures.push(`${s.name}: the next message did not complete (${result.nextMessage})`);
}
await conn.close();
await daemon.stop();
const store = d.checkStore(join(world.home, "berth.db"), sessionIds);
if (store.integrity.join() !== "ok") failures.push(`integrity_check: ${store.integrity.join("; ")}`);
failures.push(...store.problems);
await fake.close();
await bigFake.close();
await world.dispose();
dispose();
report({
  benchmark: "model-faults",
  idleTimeoutMs: IDLE_MS,
  results: results.map((r) => ({ ...r, elapsedMs: round(r.elapsedMs, 0) })),
  integrityCheck: store.integrity.join("; "),
  historyProblems: store.problems.length,
  failures,
});
process.exit(failures.length ? 1 : 0);
