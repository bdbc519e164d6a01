#!/usr/bin/env node
// kill -9 of the built daemon while work is in flight: CRASH_SESSIONS sessions streaming answers,
// one session running a long Bash command, one in a long MCP tool call (a real stdio server,
// @modelcontextprotocol/server-everything), and one waiting on a PreToolUse hook that sleeps. Then,
// as the next command would, a new daemon: every session must resume and complete a new turn,
// `PRAGMA integrity_check` must say ok, every history must be valid, and no process may be left in
// the process groups the killed daemon created (its shells, MCP servers and hooks, and what they
// ran), counted from /proc before the kill and once the next daemon is up. Shells die with the kill
// (their pty hangs up); MCP servers and hooks do not, and the next daemon kills them at start.
//
// Extension point: IN_FLIGHT lists the kinds of work killed mid-way (start the work, resolve once
// it is running); CRASH_ONLY=name,... runs a subset (names: stream, bash, mcp, hook).
// Bounded: every wait has a timeout; exits non-zero when an expectation fails.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DAEMON, makeWorld, report, requireBuilt, ROOT } from "../bench/lib/common.mjs";
import { loadSessionsDriver } from "../bench/lib/sessions-bundle.mjs";

const SESSIONS = Number(process.env.CRASH_SESSIONS ?? 50);
requireBuilt();
const { driver: d, dispose } = await loadSessionsDriver(join(ROOT, "scripts/soak/lib/driver.mjs"));
const world = makeWorld("berth-crash-");
const ANSWER = Array.from({ length: 2000 }, (_, i) => `token${i}`).join(" ");
const BASH = "sleep 300";
const HOOK = "sleep 299";
const MCP_TOOL = "mcp__everything__trigger-long-running-operation";
const EVERYTHING = join(
  ROOT,
  "packages/mcp/node_modules/@modelcontextprotocol/server-everything/dist/index.js",
);
const ONLY = process.env.CRASH_ONLY?.split(",").filter(Boolean);
// The hook lives in its own trusted project, so only the session there runs it.
const hookProject = join(world.root, "hooked-project");
mkdirSync(join(hookProject, ".claude"), { recursive: true });
writeFileSync(
  join(hookProject, ".claude", "settings.json"),
  JSON.stringify({
    hooks: { PreToolUse: [{ matcher: "Write", hooks: [{ type: "command", command: HOOK, timeout: 600 }] }] },
  }),
);

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
    if (said.includes("[mcp]")) return d.turn(d.toolUse(MCP_TOOL, { duration: 300, steps: 300 }));
    if (said.includes("[hook]"))
      return d.turn(d.toolUse("Write", { file_path: join(hookProject, "out.txt"), content: "x" }));
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

/** Resolves once a process of the daemon whose command line includes `args` is running. */
async function running(args, what) {
  const deadline = Date.now() + 30_000;
  while (!d.descendants(daemon.pid).some((p) => d.commandLine(p.pid).includes(args))) {
    if (Date.now() > deadline) throw new Error(`${what} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ALL_IN_FLIGHT = [
  {
    key: "stream",
    name: `${SESSIONS} streaming sessions`,
    async start() {
      const sessions = await Promise.all(Array.from({ length: SESSIONS }, () => startSession("[stream] go")));
      // Running: each has streamed some of its answer.
      await Promise.all(sessions.map((s) => d.nextEvent(s.view, ["assistant_text_delta"], 60_000)));
      return sessions.map((s) => s.id);
    },
  },
  {
    key: "bash",
    name: `a running Bash command (${BASH})`,
    async start() {
      const s = await startSession("[bash] run it", { allowedTools: [`Bash(${BASH})`] });
      await d.nextEvent(s.view, ["tool_use"], 60_000);
      await running(BASH, "the Bash command");
      return [s.id];
    },
  },
  {
    key: "mcp",
    name: "an MCP tool call (server-everything's long-running operation, 300 s)",
    async start() {
      // A --mcp-config server: it needs no approval, and only this session starts it.
      const mcpConfig = [
        JSON.stringify({
          mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"] } },
        }),
      ];
      const s = await startSession("[mcp] call it", { mcpConfig, allowedTools: ["mcp__everything"] });
      await d.nextEvent(s.view, ["tool_use"], 60_000);
      await running(EVERYTHING, "the MCP server");
      // The call reaches the server a moment after the tool_use event; its progress ticks each second.
      await new Promise((r) => setTimeout(r, 1500));
      return [s.id];
    },
  },
  {
    key: "hook",
    name: `a PreToolUse hook (${HOOK})`,
    async start() {
      const s = await startSession("[hook] write it", {
        cwd: hookProject,
        trustWorkspace: true,
        interactive: false,
        allowedTools: ["Write"],
      });
      await running(HOOK, "the hook");
      return [s.id];
    },
  },
];
const IN_FLIGHT = ALL_IN_FLIGHT.filter((w) => !ONLY || ONLY.includes(w.key));

const failures = [];
const sessionIds = [];
for (const work of IN_FLIGHT) sessionIds.push(...(await work.start()));
const before = d.descendants(daemon.pid);
const groups = [...new Set(before.map((p) => p.pgid))];
daemon.child.kill("SIGKILL");
await daemon.exited;
// The kernel hangs up the killed daemon's ptys; give the shells a moment to act on it.
await new Promise((r) => setTimeout(r, 1500));
// What outlived the daemon (informative): MCP servers and hooks do, nothing hangs them up. Shells
// die when their pty hangs up (only the daemon holds a pty's master; see the README); the check
// that counts comes once the next daemon is up.
const survivors = d.inGroups(groups);

const onDisk = d.checkStore(join(world.home, "berth.db"), sessionIds);
if (onDisk.integrity.join() !== "ok")
  failures.push(`integrity_check after the kill: ${onDisk.integrity.join("; ")}`);
// A tool call cut off by the kill is stored unanswered; resume answers it ("not run: restart").
failures.push(...onDisk.consistency);

// The next command: a new daemon (it kills what the last one recorded), and every session resumed.
daemon = await d.startDaemon(DAEMON, world);
await new Promise((r) => setTimeout(r, 500)); // SIGKILLed processes leave /proc (or turn zombie) at once; margin
const orphans = d.inGroups(groups);
if (orphans.length)
  failures.push(
    `orphans once the next daemon is up: ${orphans.map((p) => `${p.pid} ${d.commandLine(p.pid)}`).join(", ")}`,
  );
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
  survivedTheKill: survivors.map((p) => p.comm),
  orphansAfterNextStart: orphans.length,
  integrityCheck: onDisk.integrity.join("; "),
  unansweredToolCallsAfterKill: onDisk.history.length,
  historyProblemsAfterResume: after.history.length,
  sessions: sessionIds.length,
  resumed,
  failures,
});
process.exit(failures.length ? 1 : 0);
