// Bundled and run by agent-overhead.bench.mjs (esbuild resolves the workspace packages, which
// are TypeScript). Drives one long agentic turn through the real, built daemon with the same
// client the CLI uses, then replays the model requests it made straight through the SDK.
import { once } from "node:events";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import Anthropic from "@anthropic-ai/sdk";
import { ensureDaemon, SessionView } from "@berth/client";
import { startFakeAnthropic } from "@berth/testkit";
import { benchSessionEnv } from "./common.mjs";
import { responderFor } from "./read-responder.mjs";
import { turnEnd } from "./turn-end.mjs";

const now = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * CPU time (user + system, ms) the daemon process has used so far, from /proc; undefined where
 * there is no /proc. Unlike wall time it barely moves when other work shares the machine.
 */
function daemonCpuMs(pid) {
  if (pid === undefined) return undefined;
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

async function runTurn(conn, world, fakeUrl, calls, tool, daemonPid) {
  const { session } = await conn.request("session/create", {
    cwd: world.project,
    env: benchSessionEnv(world, fakeUrl),
    interactive: false,
    // Allowed by rule, so every call still goes through the permission engine and its audit.
    ...(tool === "bash" ? { allowedTools: ["Bash(ls)"] } : {}),
  });
  const view = new SessionView(conn, session.id);
  let events = 0;
  const ended = turnEnd(view, () => {
    events++;
  });
  await view.attach(0);
  const pid = daemonPid?.();
  const cpuBefore = daemonCpuMs(pid);
  const started = now();
  await view.send(tool === "bash" ? `bench:${calls}:bash` : `bench:${calls}`);
  const end = await ended;
  const wallMs = now() - started;
  const cpuAfter = daemonCpuMs(pid);
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  if (end.type !== "turn_completed")
    throw new Error(`the turn ended with ${end.type}: ${JSON.stringify(end)}`);
  if (end.numRequests !== calls + 1)
    throw new Error(`expected ${calls + 1} model requests, got ${end.numRequests}`);
  await conn.request("session/close", { sessionId: session.id });
  return { wallMs, cpuMs, events, end };
}

/**
 * The same request bodies, sent one after another with the SDK's streaming helper as the agent
 * does. The SDK runs in a worker thread: in the daemon run the client (the daemon) and the fake
 * are on different threads too, so neither side of the comparison serialises the other's JSON.
 */
async function replay(bodies, file) {
  const fake = await startFakeAnthropic({ responder: responderFor(file) });
  try {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { role: "replay", url: fake.url, bodies },
    });
    const [elapsed] = await once(worker, "message");
    await worker.terminate();
    return elapsed;
  } finally {
    await fake.close();
  }
}

async function replayInWorker({ url, bodies }) {
  const client = new Anthropic({ apiKey: "bench", baseURL: url, maxRetries: 0 });
  const started = now();
  for (const body of bodies) {
    const { stream: _stream, ...params } = body;
    await client.messages.stream(params).finalMessage();
  }
  parentPort.postMessage(now() - started);
}

if (!isMainThread && workerData?.role === "replay") await replayInWorker(workerData);

/**
 * `daemonPid` comes from the (unbundled) bench: common.mjs finds the CLI relative to its own
 * file, which a bundle no longer is.
 */
export async function measure({ world, daemonEntry, calls, warmupCalls, repeats, tool = "read", daemonPid }) {
  const file = join(world.project, "small.txt");
  writeFileSync(file, Array.from({ length: 20 }, (_, i) => `line ${i + 1} of a small file`).join("\n"));
  if (!existsSync(daemonEntry)) throw new Error(`${daemonEntry} is missing; run node scripts/build.mjs`);
  const fake = await startFakeAnthropic({ responder: responderFor(file) });
  const conn = await ensureDaemon({
    home: world.home,
    clientInfo: { name: "berth-bench", version: "0" },
    daemonEntry,
    daemonEnv: world.env,
  });
  try {
    // A short turn first: the daemon's first session pays one-off costs (module init, JIT).
    await runTurn(conn, world, fake.url, warmupCalls, tool, daemonPid);
    // Daemon run and its replay alternate, so a noisy moment on the machine hits one pair,
    // and the caller takes the median pair.
    const samples = [];
    for (let i = 0; i < repeats; i++) {
      const from = fake.requests.length;
      const run = await runTurn(conn, world, fake.url, calls, tool, daemonPid);
      const captured = fake.requests.slice(from);
      const baselineMs = await replay(
        captured.map((r) => r.body),
        file,
      );
      samples.push({
        calls,
        wallMs: run.wallMs,
        turnMs: run.end.durationMs,
        daemonCpuMs: run.cpuMs,
        baselineMs,
        events: run.events,
        requestBytes: captured.reduce((n, r) => n + r.rawBody.length, 0),
      });
    }
    return samples;
  } finally {
    await conn.close();
    await fake.close();
  }
}
