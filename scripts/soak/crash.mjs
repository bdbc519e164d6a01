#!/usr/bin/env node
// kill -9 of the built daemon while work is in flight: CRASH_SESSIONS sessions streaming answers
// and one session running a long Bash command. Then, as the next command would, a new daemon: every
// session must resume and complete a new turn, `PRAGMA integrity_check` must say ok, every history
// must be valid, and no process may be left in the process groups the killed daemon created (its
// shells and what they ran), counted from /proc before and after.
//
// Extension point: IN_FLIGHT lists the kinds of work killed mid-way. Hooks and MCP servers add an
// entry each (start the work, resolve once it is running); their processes are found the same way,
// as descendants of the daemon, and must be gone afterwards.
// Bounded: every wait has a timeout; exits non-zero when an expectation fails.
import { join } from "node:path";
import { DAEMON, makeWorld, report, requireBuilt, ROOT } from "../bench/lib/common.mjs";
import { loadSessionsDriver } from "../bench/lib/sessions-bundle.mjs";

const SESSIONS = Number(process.env.CRASH_SESSIONS ?? 50);
requireBuilt();
const { driver: d, dispose } = await loadSessionsDriver(join(ROOT, "scripts/soak/lib/driver.mjs"));
const world = makeWorld("berth-crash-");
const ANSWER = Array.from({ length: 2000 }, (_, i) => `token${i}`).join(" ");
const BASH = "sleep 300";

const fake = await d.startFakeAnthropic({
  latencyMs: 5,
  chunkSize: 8,
  responder: (request) => {
    const said = d.lastUserText(request);
    if (said.includes("[resume]")) return d.turn(d.text("resumed fine"));
    if (
      said.includes("[bash]") &&
      request.body.messages.at(-1).content.some?.((b) => b.type === "tool_result")
    )
      return d.turn(d.text("the command finished"));
    if (said.includes("[bash]")) return d.turn(d.toolUse("Bash", { command: BASH }));
    return d.turn(d.text(ANSWER));
  },
});
let daemon = await d.startDaemon(DAEMON, world);
const conn = await daemon.connect("crash");
conn.setMaxListeners(0); // one SessionView per session on this connection
const env = d.sessionEnv(fake.url, world);

async function startSession(message, extra = {}) {
  const { session } = await conn.request("session/create", { cwd: world.project, env, ...extra });
  const view = new d.SessionView(conn, session.id);
  await view.attach(0);
  await view.send(message);
  return { id: session.id, view };
}

const IN_FLIGHT = [
  {
    name: `${SESSIONS} streaming sessions`,
    async start() {
      const sessions = await Promise.all(Array.from({ length: SESSIONS }, () => startSession("[stream] go")));
      // Running: each has streamed some of its answer.
      await Promise.all(sessions.map((s) => d.nextEvent(s.view, ["assistant_text_delta"], 60_000)));
      return sessions.map((s) => s.id);
    },
  },
  {
    name: `a running Bash command (${BASH})`,
    async start() {
      const s = await startSession("[bash] run it", { allowedTools: [`Bash(${BASH})`] });
      await d.nextEvent(s.view, ["tool_use"], 60_000);
      const deadline = Date.now() + 30_000;
      while (!d.descendants(daemon.pid).some((p) => p.comm === "sleep")) {
        if (Date.now() > deadline) throw new Error("the Bash command did not start");
        await new Promise((r) => setTimeout(r, 50));
      }
      return [s.id];
    },
  },
];

const failures = [];
const sessionIds = [];
for (const work of IN_FLIGHT) sessionIds.push(...(await work.start()));
const before = d.descendants(daemon.pid);
const groups = [...new Set(before.map((p) => p.pgid))];
daemon.child.kill("SIGKILL");
await daemon.exited;
// The kernel hangs up the killed daemon's ptys; give the shells a moment to act on it.
await new Promise((r) => setTimeout(r, 1500));
const orphans = d.inGroups(groups);
if (orphans.length)
  failures.push(`orphans after kill -9: ${orphans.map((p) => `${p.pid} ${p.comm}`).join(", ")}`);

const onDisk = d.checkStore(join(world.home, "berth.db"), sessionIds);
if (onDisk.integrity.join() !== "ok")
  failures.push(`integrity_check after the kill: ${onDisk.integrity.join("; ")}`);
// A tool call cut off by the kill is stored unanswered; resume answers it ("not run: restart").
failures.push(...onDisk.consistency);

// The next command: a new daemon, and every session resumed with a new turn.
daemon = await d.startDaemon(DAEMON, world);
const again = await daemon.connect("crash-after");
again.setMaxListeners(0);
let resumed = 0;
for (const id of sessionIds) {
  try {
    const { session } = await again.request("session/resume", { sessionId: id, env });
    const view = new d.SessionView(again, id);
    await view.attach(session.lastSeq);
    const done = d.nextEvent(view, ["turn_completed", "turn_failed"], 60_000);
    await view.send("[resume] still there?");
    const event = await done;
    if (event.type === "turn_completed") resumed++;
    else failures.push(`${id}: resumed turn failed: ${event.error.code} ${event.error.message}`);
    await again.request("session/close", { sessionId: id });
  } catch (error) {
    failures.push(`${id}: ${error.message}`);
  }
}
await again.close();
await daemon.stop();
const after = d.checkStore(join(world.home, "berth.db"), sessionIds);
if (after.integrity.join() !== "ok")
  failures.push(`integrity_check after resume: ${after.integrity.join("; ")}`);
failures.push(...after.problems);
await fake.close();
await world.dispose();
dispose();
report({
  benchmark: "crash",
  killedDuring: IN_FLIGHT.map((w) => w.name),
  processGroupsBeforeKill: groups.length,
  processesBeforeKill: before.map((p) => p.comm),
  orphansAfterKill: orphans.length,
  integrityCheck: onDisk.integrity.join("; "),
  unansweredToolCallsAfterKill: onDisk.history.length,
  historyProblemsAfterResume: after.history.length,
  sessions: sessionIds.length,
  resumed,
  failures,
});
process.exit(failures.length ? 1 : 0);
