// Bundled by sessions-bundle.mjs (the workspace packages are TypeScript) and driven by the
// sessions-*.bench.mjs files: the built daemon as a child process, the real client library, the
// fake model in this process, and the store for seeding large histories directly.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { BerthConnection, SessionView } from "@berth/client";
import { berthPaths } from "@berth/protocol";
import { openStore } from "@berth/store";
import { startFakeAnthropic, text, turn } from "@berth/testkit";
import WebSocket from "ws";

export const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export { openStore, startFakeAnthropic, text, turn };

/** The built daemon on `home`, as a child process; resolves once it accepts connections. */
export async function startDaemon(daemonEntry, world) {
  const child = spawn(process.execPath, [daemonEntry, "--home", world.home, "--idle-timeout-ms", "0"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...world.env },
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const paths = berthPaths(world.home);
  const connect = (name = "bench") =>
    BerthConnection.open({
      endpoint: { kind: "unix", socketPath: paths.socket },
      token: readFileSync(paths.token, "utf8").trim(),
      clientInfo: { name, version: "0" },
    });
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if (existsSync(paths.socket) && existsSync(paths.token)) {
        const probe = await connect("probe");
        await probe.close();
        break;
      }
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new Error("the daemon did not start within 20 s");
    await sleep(20);
  }
  return {
    child,
    connect,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export function sessionEnv(fakeUrl, world) {
  return {
    ANTHROPIC_API_KEY: "bench",
    ANTHROPIC_BASE_URL: fakeUrl,
    PATH: world.env.PATH,
    HOME: world.userHome,
  };
}

/** Attaches a SessionView and resolves when it has seen `seq` (or the event `type`). */
export function follow(view, until, timeoutMs = 120_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${JSON.stringify(until)}`)),
      timeoutMs,
    );
    timer.unref();
    const onEvent = (note) => {
      if (until.fail && note.event.type === until.fail) {
        clearTimeout(timer);
        reject(new Error(`${until.fail}: ${JSON.stringify(note.event).slice(0, 500)}`));
      }
      if ((until.seq !== undefined && note.seq >= until.seq) || note.event.type === until.type) {
        clearTimeout(timer);
        view.off("event", onEvent);
        resolve(note);
      }
    };
    view.on("event", onEvent);
  });
}

const EVENT_PREFIX = '{"jsonrpc":"2.0","method":"session/event"';
const EVENT_FIELDS = /"seq":(\d+),"time":(\d+),"event":\{"type":"([a-z_]+)"/;

/**
 * A minimal client for fan-out: a raw WebSocket that reads seq, time and type from each event
 * frame without parsing the rest, so the figure is the daemon's delivery rather than this
 * process's parsing (all clients share one process here; real clients each have their own).
 * onNote gets { seq, time, type } or { dropped }.
 */
export async function rawClient(world, onNote) {
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
      const m = EVENT_FIELDS.exec(frame.slice(0, 300));
      if (m) onNote({ seq: Number(m[1]), time: Number(m[2]), type: m[3] });
      return;
    }
    const msg = JSON.parse(frame);
    if (msg.id !== undefined && pending.has(msg.id)) {
      pending.get(msg.id)(msg);
      pending.delete(msg.id);
    } else if (msg.method === "session/dropped") onNote({ dropped: msg.params.reason });
  });
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const rid = ++id;
      pending.set(rid, (msg) => (msg.error ? reject(new Error(msg.error.message)) : resolve(msg.result)));
      ws.send(JSON.stringify({ jsonrpc: "2.0", id: rid, method, params }));
    });
  await request("initialize", { protocolVersion: "1", clientInfo: { name: "bench-raw", version: "0" } });
  return { ws, request, close: () => ws.close() };
}

/** Writes one session with `count` messages (realistic sizes, some tool calls) into the store. */
export function seedLongSession(storePath, { cwd, count, marker }) {
  const store = openStore({ path: storePath });
  const session = store.createSession({ cwd, title: "A very long conversation" });
  const filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(8);
  store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const last = i === count - 1;
      if (i % 10 === 4) {
        // Answers the tool call of the message before: the history must stay valid for the model.
        store.appendMessage(session.id, {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: `toolu_${i - 1}`, content: `contents of f${i - 1}.ts` },
          ],
        });
      } else if (i % 2 === 0) {
        store.appendMessage(session.id, {
          role: "user",
          content: [{ type: "text", text: `question ${i}: ${filler}` }],
        });
      } else if (i % 10 === 3) {
        store.appendMessage(session.id, {
          role: "assistant",
          content: [
            { type: "tool_use", id: `toolu_${i}`, name: "Read", input: { file_path: `/src/f${i}.ts` } },
          ],
        });
      } else {
        store.appendMessage(session.id, {
          role: "assistant",
          content: [{ type: "text", text: last ? `${marker} ${filler}` : `answer ${i}: ${filler}` }],
        });
      }
    }
  });
  // Trusted, so the terminal client goes straight to the transcript (no trust question).
  store.setTrust(cwd, true);
  store.close();
  return session.id;
}

/** Writes `sessions` sessions of `eventsEach` events and 2 messages each, last active `daysAgo`. */
export function seedExpired(storePath, { cwd, sessions, eventsEach, daysAgo }) {
  const store = openStore({ path: storePath, now: () => Date.now() - daysAgo * 86_400_000 });
  const payload = (i) => ({
    type: "assistant_text_delta",
    turnId: "t1",
    messageId: "msg_01ABCDEFGHIJKLMNOPQRSTUV",
    index: 0,
    text: `token ${i} `,
  });
  const events = Array.from({ length: eventsEach }, (_, i) => ({
    type: "assistant_text_delta",
    payload: payload(i),
  }));
  const perTx = 250;
  for (let done = 0; done < sessions; done += perTx) {
    store.transaction(() => {
      for (let i = done; i < Math.min(sessions, done + perTx); i++) {
        const id = store.createSession({ cwd, title: `old session ${i}` }).id;
        store.appendEvents(id, events);
        store.appendMessage(id, { role: "user", content: `an old question about topic ${i}` });
        store.appendMessage(id, {
          role: "assistant",
          content: [{ type: "text", text: `an old answer ${i}` }],
        });
      }
    });
  }
  store.close();
}

export function writeUserSettings(world, settings) {
  writeFileSync(join(world.home, "settings.json"), JSON.stringify(settings));
}

/** node-pty from the CLI's dev dependencies (native, so not bundled). */
export function loadPty(root) {
  return createRequire(join(root, "apps/cli/package.json"))("node-pty");
}

export { SessionView };

/**
 * The fake model as its own process (packages/testkit/dist/fake-model.js), so its work does not
 * compete with the clients measured in this one. `turns` is the script; returns { url, stop }.
 */
export async function startFakeModelProcess(root, turns, { latencyMs = 0, chunkSize = 8 } = {}) {
  const script = join(root, `.bench-fake-script-${process.pid}-${Date.now()}.json`);
  writeFileSync(script, JSON.stringify({ turns }));
  const child = spawn(
    process.execPath,
    [
      join(root, "packages/testkit/dist/fake-model.js"),
      "--script",
      script,
      "--chunk-size",
      String(chunkSize),
      "--latency-ms",
      String(latencyMs),
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(out.trim());
    });
    child.once("exit", (code) => reject(new Error(`fake-model exited (${code})`)));
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(script, { force: true });
    },
  };
}
