// Bundled by scripts/bench/lib/sessions-bundle.mjs (it imports the TypeScript workspace packages)
// for the scripts in scripts/soak: the built daemon as a child process, the real client library,
// the fake model in the calling process, the store for checking what a daemon left on disk, and
// /proc readings for the daemon's descendants, descriptors and process groups.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { BerthConnection, SessionView } from "@berth/client";
import { berthPaths } from "@berth/protocol";
import { openStore } from "@berth/store";
import { apiError, lastUserText, startFakeAnthropic, text, toolUse, turn } from "@berth/testkit";

export {
  apiError,
  BerthConnection,
  lastUserText,
  openStore,
  SessionView,
  startFakeAnthropic,
  text,
  toolUse,
  turn,
};

/**
 * The built daemon on `world.home`; resolves when it writes "ready" on its ready pipe (the same
 * event the client library waits for), rejects if it exits first.
 */
export async function startDaemon(daemonEntry, world, extraEnv = {}) {
  const child = spawn(
    process.execPath,
    [daemonEntry, "--home", world.home, "--idle-timeout-ms", "0", "--ready-fd", "3"],
    { stdio: ["ignore", "ignore", "inherit", "pipe"], env: { ...world.env, ...extraEnv } },
  );
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  // A script that fails or is cut short (a test timeout) never leaves its daemon behind.
  const reap = () => child.exitCode === null && child.kill("SIGKILL");
  process.once("exit", reap);
  for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => process.exit(1));
  await new Promise((resolve, reject) => {
    const pipe = child.stdio[3];
    let said = "";
    pipe.on("data", (chunk) => {
      said += chunk;
      if (said.includes("ready\n")) {
        pipe.destroy();
        resolve();
      }
    });
    void exited.then((code) => reject(new Error(`the daemon exited during start (${code})`)));
  });
  const paths = berthPaths(world.home);
  const connect = (name = "soak") =>
    BerthConnection.open({
      endpoint: { kind: "unix", socketPath: paths.socket },
      token: readFileSync(paths.token, "utf8").trim(),
      clientInfo: { name, version: "0" },
    });
  return {
    child,
    pid: child.pid,
    exited,
    connect,
    async stop() {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

export function sessionEnv(fakeUrl, world, extra = {}) {
  return {
    ANTHROPIC_API_KEY: "soak",
    ANTHROPIC_BASE_URL: fakeUrl,
    PATH: world.env.PATH,
    HOME: world.userHome,
    ...extra,
  };
}

/** Resolves with the first event of one of `types` after now (rejects after timeoutMs). */
export function nextEvent(view, types, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      view.off("event", onEvent);
      reject(new Error(`no ${types.join("/")} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onEvent = (note) => {
      if (!types.includes(note.event.type)) return;
      clearTimeout(timer);
      view.off("event", onEvent);
      resolve(note.event);
    };
    view.on("event", onEvent);
  });
}

function stat(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return {
    pid,
    state: fields[0],
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    comm: text.slice(text.indexOf("(") + 1, text.lastIndexOf(")")),
  };
}

/** Every live process on the machine (zombies excluded: they hold nothing). */
export function processes() {
  const out = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const s = stat(Number(entry));
      if (s.state !== "Z") out.push(s);
    } catch {
      // ended while we looked
    }
  }
  return out;
}

/** The live descendants of `pid` (children, grandchildren, ...). */
export function descendants(pid) {
  const all = processes();
  const found = [];
  let frontier = [pid];
  while (frontier.length) {
    const next = all.filter((p) => frontier.includes(p.ppid));
    found.push(...next);
    frontier = next.map((p) => p.pid);
  }
  return found;
}

/** Live processes in any of these process groups: what a daemon's shells left behind. */
export function inGroups(pgids) {
  const wanted = new Set(pgids);
  return processes().filter((p) => wanted.has(p.pgid));
}

/** Open descriptors of a process, by kind (socket, pipe, anon_inode, file, pty). */
export function descriptors(pid) {
  const counts = { total: 0 };
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    const kind = target.startsWith("socket:")
      ? "socket"
      : target.startsWith("pipe:")
        ? "pipe"
        : target.startsWith("anon_inode:")
          ? "anon_inode"
          : target.startsWith("/dev/pts") || target === "/dev/ptmx"
            ? "pty"
            : "file";
    counts[kind] = (counts[kind] ?? 0) + 1;
    counts.total++;
  }
  return counts;
}

/**
 * Store checks after a run: integrity, each session's seq/message consistency, and each history
 * as the API would judge it (`history`; a crash may leave a tool call unanswered, which resume answers).
 */
export function checkStore(dbPath, sessionIds) {
  const store = openStore({ path: dbPath });
  try {
    const consistency = [];
    const history = [];
    for (const id of sessionIds) {
      for (const p of store.sessionConsistency(id)) consistency.push(`${id}: ${p}`);
      history.push(...historyProblems(id, store.loadHistory(id)));
    }
    return {
      integrity: store.integrityCheck(),
      consistency,
      history,
      problems: [...consistency, ...history],
    };
  } finally {
    store.close();
  }
}

/** A history the API accepts: every tool_use answered in the very next message, no half message. */
export function historyProblems(id, messages) {
  const problems = [];
  messages.forEach((m, i) => {
    const content = m.content ?? m;
    if (!Array.isArray(content)) return;
    const uses = content.filter((b) => b.type === "tool_use").map((b) => b.id);
    if (uses.length === 0) return;
    const next = messages[i + 1]?.content;
    const answered = new Set(
      Array.isArray(next) ? next.filter((b) => b.type === "tool_result").map((b) => b.tool_use_id) : [],
    );
    for (const use of uses)
      if (!answered.has(use)) problems.push(`${id}: tool_use ${use} at message ${i} has no tool_result`);
  });
  return problems;
}

const EVENT_PREFIX = '{"jsonrpc":"2.0","method":"session/event"';
const EVENT_HEAD = /"sessionId":"([^"]+)","seq":(\d+),"time":(\d+),"event":\{"type":"([a-z_]+)"/;

/**
 * A lean client for the soak: one WebSocket attached to many sessions, reading only sessionId,
 * seq, time and type from each event frame (a permission_request or turn_failed is parsed whole), so the figures
 * are the daemon's rather than this process's JSON parsing. onNote gets
 * { sessionId, seq, time, type, event? } or { sessionId, dropped }.
 */
export async function soakClient(world, name, onNote) {
  const { default: WebSocket } = await import("ws");
  const paths = berthPaths(world.home);
  const ws = new WebSocket(`ws+unix://${paths.socket}:/rpc`, {
    headers: { authorization: `Bearer ${readFileSync(paths.token, "utf8").trim()}`, host: "localhost" },
    perMessageDeflate: false,
    maxPayload: 64 * 1024 * 1024,
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  let id = 0;
  const pending = new Map();
  ws.on("message", (data) => {
    const frame = data.toString("utf8");
    if (frame.startsWith(EVENT_PREFIX)) {
      const m = EVENT_HEAD.exec(frame.slice(0, 400));
      if (!m) throw new Error(`unexpected event frame: ${frame.slice(0, 200)}`);
      const note = { sessionId: m[1], seq: Number(m[2]), time: Number(m[3]), type: m[4] };
      if (note.type === "permission_request" || note.type === "turn_failed")
        note.event = JSON.parse(frame).params.event;
      onNote(note);
      return;
    }
    const msg = JSON.parse(frame);
    if (msg.id !== undefined && pending.has(msg.id)) {
      pending.get(msg.id)(msg);
      pending.delete(msg.id);
    } else if (msg.method === "session/dropped")
      onNote({ sessionId: msg.params.sessionId, dropped: msg.params.reason });
  });
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const rid = ++id;
      pending.set(rid, (msg) =>
        msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result),
      );
      ws.send(JSON.stringify({ jsonrpc: "2.0", id: rid, method, params }));
    });
  await request("initialize", { protocolVersion: "1", clientInfo: { name, version: "0" } });
  const close = () =>
    new Promise((resolve) => {
      ws.once("close", resolve);
      ws.close();
    });
  return { request, close };
}

/** A process's command line, arguments joined by spaces ("" once it is gone). */
export function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/**
 * Resident memory of a process by kind of mapping, in bytes, from /proc/<pid>/smaps: `brk` is the
 * C heap (glibc's main malloc arena), `anon` other anonymous mappings (V8's heap, other malloc
 * arenas, large allocations), `file` code and mapped files. Growth in brk or anon that the V8 heap
 * does not account for is native memory (SQLite, buffers, allocator slack).
 */
export function residentByMapping(pid) {
  const out = { brk: 0, anon: 0, file: 0, anonMappings: 0 };
  let kind = "anon";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      const name = head[1];
      kind = name === "[heap]" ? "brk" : name === "" || name.startsWith("[") ? "anon" : "file";
      if (name === "") out.anonMappings++;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[kind] += Number(rss[1]) * 1024;
  }
  return out;
}
