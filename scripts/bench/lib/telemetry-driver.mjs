// Bundled and run by telemetry-overhead.bench.mjs. Drives the real, built daemon with the
// client library, alternating sessions with telemetry off and on (OTLP http/protobuf to a
// real local receiver), and reads the daemon's resident memory with each.
import { readFileSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { ensureDaemon, SessionView } from "@berth/client";
import { startFakeAnthropic, startOtlpReceiver } from "@berth/testkit";
import { benchSessionEnv } from "./common.mjs";
import { responderFor } from "./read-responder.mjs";

const now = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * The receiver decodes every export; on its own thread it does not compete with the fake
 * model that serves the daemon (the daemon, a separate process, does the exporting).
 */
async function startReceiverThread() {
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: "otlp-receiver" } });
  const [url] = await once(worker, "message");
  return {
    url,
    async counts() {
      worker.postMessage("counts");
      const [counts] = await once(worker, "message");
      return counts;
    },
    close: () => worker.terminate(),
  };
}

if (!isMainThread && workerData?.role === "otlp-receiver") {
  const receiver = await startOtlpReceiver();
  parentPort.on("message", () =>
    parentPort.postMessage({ points: receiver.points.length, events: receiver.logs.length }),
  );
  parentPort.postMessage(receiver.url);
}

export function telemetryEnv(receiverUrl) {
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: "1",
    OTEL_METRICS_EXPORTER: "otlp",
    OTEL_LOGS_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl,
    OTEL_METRIC_EXPORT_INTERVAL: "1000",
    OTEL_LOGS_EXPORT_INTERVAL: "1000",
  };
}

async function openSession(conn, world, fakeUrl, extraEnv) {
  const { session } = await conn.request("session/create", {
    cwd: world.project,
    env: benchSessionEnv(world, fakeUrl, extraEnv),
    interactive: false,
  });
  const view = new SessionView(conn, session.id);
  const waiters = [];
  view.on("event", ({ event }) => {
    if (event.type === "turn_completed" || event.type === "turn_failed" || event.type === "turn_interrupted")
      waiters.shift()?.(event);
  });
  await view.attach(0);
  return {
    id: session.id,
    async turn(prompt) {
      const ended = new Promise((resolve) => waiters.push(resolve));
      await view.send(prompt);
      const end = await ended;
      if (end.type !== "turn_completed") throw new Error(`turn ended with ${end.type}`);
      return end;
    },
    close: () => conn.request("session/close", { sessionId: session.id }),
  };
}

/** Wall time of `turns` one-request text turns, then of one turn of `calls` Read calls. */
async function workload(conn, world, fakeUrl, extraEnv, { turns, calls }) {
  const s = await openSession(conn, world, fakeUrl, extraEnv);
  let started = now();
  for (let i = 0; i < turns; i++) await s.turn(`hello ${i}`);
  const textMs = now() - started;
  await s.close();
  // A fresh session: the responder reads the wanted count from the first message.
  const t = await openSession(conn, world, fakeUrl, extraEnv);
  started = now();
  const end = await t.turn(`bench:${calls}`);
  const toolMs = now() - started;
  if (end.numRequests !== calls + 1)
    throw new Error(`expected ${calls + 1} requests, got ${end.numRequests}`);
  await t.close();
  return { textMs, toolMs };
}

function vmRss(pid) {
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) * 1024;
}

/** The fake model, the receiver thread and a connection to a fresh daemon for one world. */
async function setUp(world, daemonEntry) {
  const file = join(world.project, "small.txt");
  writeFileSync(file, Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n"));
  const fake = await startFakeAnthropic({ responder: responderFor(file) });
  const receiver = await startReceiverThread();
  const conn = await ensureDaemon({
    home: world.home,
    clientInfo: { name: "berth-bench", version: "0" },
    daemonEntry,
    daemonEnv: world.env,
  });
  const close = async () => {
    await conn.close();
    await fake.close();
    await receiver.close();
  };
  return { fake, receiver, conn, close };
}

export async function measure({ world, daemonEntry, turns, calls, repeats }) {
  const { fake, receiver, conn, close } = await setUp(world, daemonEntry);
  const on = telemetryEnv(receiver.url);
  // Every workload opens sessions with their own views on this one connection.
  conn.setMaxListeners?.(0);
  try {
    // Warm-up of both paths (module init, JIT, the SDK's lazy load).
    await workload(conn, world, fake.url, {}, { turns: 5, calls: 10 });
    await workload(conn, world, fake.url, on, { turns: 5, calls: 10 });
    const samples = [];
    for (let i = 0; i < repeats; i++) {
      const off = await workload(conn, world, fake.url, {}, { turns, calls });
      const withTelemetry = await workload(conn, world, fake.url, on, { turns, calls });
      samples.push({ off, on: withTelemetry });
    }
    await new Promise((r) => setTimeout(r, 1500));
    const exported = await receiver.counts();
    if (exported.points === 0 || exported.events === 0)
      throw new Error("the telemetry runs exported nothing");
    return { samples, exported };
  } finally {
    await close();
  }
}

/**
 * Resident memory of a fresh daemon after the same small workload, with telemetry off or on,
 * and one session (with its exporters, when on) still open: read once RSS stops moving.
 */
export async function measureRss({ world, daemonEntry, telemetry }) {
  const { fake, receiver, conn, close } = await setUp(world, daemonEntry);
  try {
    const { pid } = await conn.request("daemon/status", {});
    const env = telemetry ? telemetryEnv(receiver.url) : {};
    const s = await openSession(conn, world, fake.url, env);
    for (let i = 0; i < 10; i++) await s.turn("hello");
    await s.turn("bench:20");
    let last = vmRss(pid);
    for (let stable = 0; stable < 8; ) {
      await new Promise((r) => setTimeout(r, 250));
      const current = vmRss(pid);
      stable = Math.abs(current - last) / last < 0.01 ? stable + 1 : 0;
      last = current;
    }
    await s.close();
    return last / 1048576;
  } finally {
    await close();
  }
}
