#!/usr/bin/env node
// Resume a 10,000-message session: time to the first rendered message.
//  - protocol: connect, session/resume, session/messages (the last 30), format them: what the
//    terminal client does before it draws (each run resumes the session cold, after a close);
//  - terminal: `berth --resume <id>` in a pseudo-terminal, from spawn until the last message's
//    text is on screen (includes starting node and loading the CLI bundle);
//  - and for comparison the first turn after resuming, when the daemon loads all 10,000 messages
//    for the model (resume itself never loads the whole history).
import { performance } from "node:perf_hooks";
import { CLI, DAEMON, makeWorld, median, report, requireBuilt, ROOT, round } from "./lib/common.mjs";
import { loadSessionsDriver } from "./lib/sessions-bundle.mjs";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const MARKER = "final-answer-marker";

requireBuilt();
const { driver: d, dispose } = await loadSessionsDriver();
const world = makeWorld("berth-bench-resume-");
const fake = await d.startFakeAnthropic({ responder: () => d.turn(d.text("ok")) });
const seedStart = performance.now();
const sessionId = d.seedLongSession(`${world.home}/berth.db`, {
  cwd: world.project,
  count: MESSAGES,
  marker: MARKER,
});
const seedMs = performance.now() - seedStart;
const daemon = await d.startDaemon(DAEMON, world);
try {
  const env = d.sessionEnv(fake.url, world);
  // 1. Protocol level, cold each time (the session is closed between runs).
  const protocol = [];
  const breakdown = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = d.now();
    const conn = await daemon.connect("bench");
    const t1 = d.now();
    const { session } = await conn.request("session/resume", { sessionId, env });
    const t2 = d.now();
    const page = await conn.request("session/messages", { sessionId, limit: 30 });
    const rendered = page.messages.map((m) => JSON.stringify(m.content).slice(0, 200)).join("\n");
    const t3 = d.now();
    if (!rendered.includes(MARKER) || session.messageCount !== MESSAGES) throw new Error("wrong transcript");
    protocol.push(t3 - t0);
    breakdown.push({ connect: t1 - t0, resume: t2 - t1, messages: t3 - t2 });
    await conn.request("session/close", { sessionId });
    await conn.close();
  }

  // 2. The real terminal client.
  const pty = d.loadPty(ROOT);
  const terminal = [];
  for (let i = 0; i < Math.min(REPEATS, 3); i++) {
    const t0 = d.now();
    const ms = await new Promise((resolve, reject) => {
      const term = pty.spawn(process.execPath, [CLI, "--resume", sessionId], {
        name: "xterm-256color",
        cols: 120,
        rows: 40,
        cwd: world.project,
        env: { ...world.env, ...env, TERM: "xterm-256color" },
      });
      let out = "";
      const timer = setTimeout(() => {
        term.kill();
        reject(new Error(`no transcript after 20 s:\n${out.slice(-2000)}`));
      }, 20_000);
      term.onData((data) => {
        out += data;
        if (out.includes(MARKER)) {
          clearTimeout(timer);
          const elapsed = d.now() - t0;
          term.kill();
          resolve(elapsed);
        }
      });
    });
    terminal.push(ms);
    const conn = await daemon.connect("closer");
    await conn.request("session/close", { sessionId }).catch(() => undefined);
    await conn.close();
  }

  // 3. The first turn after resuming loads the whole history for the model.
  const conn = await daemon.connect("turn");
  await conn.request("session/resume", { sessionId, env });
  const view = new d.SessionView(conn, sessionId);
  const done = d.follow(view, { type: "turn_completed", fail: "turn_failed" });
  await view.attach((await conn.request("session/get", { sessionId })).session.lastSeq);
  const t0 = d.now();
  await view.send("carry on");
  await done;
  const firstTurnMs = d.now() - t0;
  await conn.close();

  const mid = breakdown[Math.floor(breakdown.length / 2)];
  const result = {
    bench: "sessions-resume",
    messages: MESSAGES,
    repeats: REPEATS,
    firstRenderedProtocolMs: round(median(protocol)),
    resumeRpcMs: round(median(breakdown.map((b) => b.resume))),
    messagesRpcMs: round(median(breakdown.map((b) => b.messages))),
    firstRenderedTerminalMs: round(median(terminal)),
    firstTurnAfterResumeMs: round(firstTurnMs),
    seedMs: round(seedMs),
  };
  console.log(`resume a ${MESSAGES}-message session (seeded in ${result.seedMs} ms), median of ${REPEATS}:`);
  console.log(
    `  protocol: ${result.firstRenderedProtocolMs} ms to the first rendered message ` +
      `(connect ${round(mid.connect)} ms, session/resume ${result.resumeRpcMs} ms, session/messages + format ${result.messagesRpcMs} ms)`,
  );
  console.log(
    `  terminal: \`berth --resume <id>\` shows the last message ${result.firstRenderedTerminalMs} ms after spawn`,
  );
  console.log(
    `  first turn after resume (daemon loads all ${MESSAGES} messages for the model): ${result.firstTurnAfterResumeMs} ms`,
  );
  report(result);
} finally {
  await daemon.stop().catch(() => undefined);
  await fake.close();
  await world.dispose();
  dispose();
}
