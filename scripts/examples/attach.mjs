#!/usr/bin/env node
// A minimal Berth client for other editors to copy: finds the daemon, authenticates, initializes,
// attaches to a session with a cursor and prints its events as they come; answers nothing and
// exits when the session goes idle (or keeps following with --follow). See docs/clients.md.
//
//   node scripts/examples/attach.mjs <session-id> [--after <seq>] [--follow]
//
// Only `ws` (the WebSocket library) is needed: the wire is JSON-RPC 2.0 over a WebSocket on the
// daemon's Unix socket, with the bearer token from <BERTH_HOME>/run/token.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import WebSocket from "ws";

const [sessionId, ...rest] = process.argv.slice(2);
if (!sessionId) {
  console.error("usage: attach.mjs <session-id> [--after <seq>] [--follow]");
  process.exit(2);
}
const follow = rest.includes("--follow");
let lastSeq = rest.includes("--after") ? Number(rest[rest.indexOf("--after") + 1]) : 0;

// 1. Find the daemon: BERTH_HOME (or ~/.berth), its socket and token (see berthPaths()).
const home = process.env.BERTH_HOME
  ? resolve(process.env.BERTH_HOME)
  : join(process.env.HOME || homedir(), ".berth");
let socket = join(home, "run", "daemon.sock");
if (Buffer.byteLength(socket) > 100) {
  socket = join(
    tmpdir(),
    `berth-${createHash("sha256").update(home).digest("hex").slice(0, 16)}`,
    "daemon.sock",
  );
}
let token;
try {
  token = readFileSync(join(home, "run", "token"), "utf8").trim();
} catch {
  console.error(`No Berth daemon token in ${home}/run: start the daemon with \`berth daemon start\`.`);
  process.exit(1);
}

// 2. Connect with the bearer token (a Host of localhost; no Origin header).
const ws = new WebSocket(`ws+unix://${socket}:/rpc`, {
  headers: { authorization: `Bearer ${token}`, host: "localhost" },
});
let nextId = 1;
const pending = new Map();
function request(method, params) {
  const id = nextId++;
  ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
  return new Promise((ok, fail) => pending.set(id, { ok, fail }));
}

// 3. Print events. Each carries a per-session seq: drop what was already seen, remember the last.
function print(e) {
  const line = {
    user_message: () => `› ${e.text}`,
    assistant_message: () =>
      e.content
        .filter((b) => b.type === "text")
        .map((b) => b.text)
        .join("\n"),
    tool_use: () => `⚙ ${e.name} ${JSON.stringify(e.input)}`,
    tool_result: () => `  ${e.isError ? "✗" : "✓"} ${e.content.split("\n")[0]}`,
    permission_request: () => `? Permission needed: ${e.request.tool} (${e.request.reason})`,
    permission_resolved: () =>
      `  ${e.answer === "deny" ? "✗ denied" : "✓ allowed"}${e.message ? `: ${e.message}` : ""}`,
    turn_completed: () => `— turn done ($${e.costUsd.toFixed(4)})`,
    turn_failed: () => `! ${e.error.message}`,
    notice: () => `! ${e.message}`,
  }[e.type];
  if (line) console.log(line());
}

let attached = false;
let idle = false;
let target = Number.POSITIVE_INFINITY; // the seq the daemon had when we attached
const maybeExit = () => {
  if (!follow && attached && idle && lastSeq >= target) ws.close(1000, "done");
};

ws.on("message", (data) => {
  const msg = JSON.parse(data.toString("utf8"));
  if (msg.id !== undefined && pending.has(msg.id)) {
    const { ok, fail } = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error) fail(new Error(`${msg.error.message} (${msg.error.data?.code ?? msg.error.code})`));
    else ok(msg.result);
    return;
  }
  if (msg.method === "session/event" && msg.params.sessionId === sessionId) {
    const { seq, event } = msg.params;
    if (seq <= lastSeq) return;
    lastSeq = seq;
    print(event);
    if (event.type === "status") idle = event.status === "idle";
    maybeExit();
  } else if (msg.method === "session/dropped" && msg.params.sessionId === sessionId) {
    // The daemon stopped sending (this client fell behind): attach again from the cursor.
    console.error(`(dropped: ${msg.params.reason}; re-attaching after seq ${lastSeq})`);
    request("session/attach", { sessionId, afterSeq: lastSeq }).catch(fail);
  }
});

function fail(error) {
  console.error(`berth example: ${error.message}`);
  process.exit(1);
}

ws.on("error", (e) => fail(new Error(`cannot reach the daemon at ${socket}: ${e.message}`)));
ws.on("unexpected-response", (_req, res) =>
  fail(new Error(`the daemon refused the connection (HTTP ${res.statusCode})`)),
);
ws.on("close", () => process.exit(0));
ws.on("open", async () => {
  try {
    // 4. initialize first: nothing else is served before it.
    const init = await request("initialize", {
      protocolVersion: "1",
      clientInfo: { name: "attach-example", version: "1" },
    });
    console.log(`connected to ${init.serverInfo.name} ${init.serverInfo.version} as ${init.clientId}`);
    // 5. Attach with the cursor: missed events are replayed (each once), then live ones follow.
    const result = await request("session/attach", { sessionId, afterSeq: lastSeq });
    if (result.snapshot) {
      // Too much was missed: the daemon summarised instead; draw the summary, continue after its seq.
      for (const m of result.snapshot.recentMessages)
        console.log(`[${m.role}] ${JSON.stringify(m.content).slice(0, 200)}`);
      lastSeq = Math.max(lastSeq, result.snapshot.seq);
    }
    console.log(`attached to ${sessionId} (${result.session.status}, ${result.lastSeq} events)`);
    for (const r of result.pendingPermissions) console.log(`? waiting: ${r.tool} (${r.reason})`);
    attached = true;
    target = result.lastSeq;
    idle = result.session.status === "idle";
    maybeExit();
  } catch (error) {
    fail(error);
  }
});
