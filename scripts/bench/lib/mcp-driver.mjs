// Bundled and run by mcp.bench.mjs. Drives the real, built daemon with the client library and
// the fake model: start-up cost of stdio MCP servers, daemon memory with servers running, and
// the cost of an mcp__ tool call next to a direct tool call.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureDaemon, SessionView } from "@berth/client";
import { startFakeAnthropic, text, toolUse, turn } from "@berth/testkit";

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Replies decided from the request: "mcp:N" makes N echo calls, "read:N" N Reads, else text. */
function responder(file, arrivals) {
  return (request) => {
    arrivals.push(now());
    const messages = request.body?.messages ?? [];
    const first = messages[0]?.content;
    const firstText = typeof first === "string" ? first : (first?.find((b) => b.type === "text")?.text ?? "");
    const [, kind, n] = /^(mcp|read):(\d+)/.exec(firstText) ?? [];
    const done = messages.filter((m) => m.role === "assistant").length;
    if (!kind || done >= Number(n)) return turn(text("done"));
    return kind === "mcp"
      ? turn(toolUse("mcp__s0__echo", { message: "bench" }))
      : turn(toolUse("Read", { file_path: file }));
  };
}

function rssBytes(pid) {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

export async function measure({ world, daemonEntry, everything, repeats, calls }) {
  const arrivals = [];
  const file = join(world.project, "small.txt");
  writeFileSync(file, "a small file\n");
  const fake = await startFakeAnthropic({ responder: responder(file, arrivals) });
  const servers = (n) =>
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => [
        `s${i}`,
        { command: process.execPath, args: [everything, "stdio"] },
      ]),
    );
  const setServers = (n) =>
    writeFileSync(join(world.home, "mcp.json"), JSON.stringify({ mcpServers: servers(n) }));
  mkdirSync(world.home, { recursive: true });
  setServers(0);
  const conn = await ensureDaemon({
    home: world.home,
    clientInfo: { name: "berth-bench", version: "0" },
    daemonEntry,
    daemonEnv: world.env,
  });
  const env = {
    ANTHROPIC_API_KEY: "bench",
    ANTHROPIC_BASE_URL: fake.url,
    PATH: world.env.PATH,
    HOME: world.userHome,
  };
  let projects = 0;
  const session = async (prompt, allowedTools = []) => {
    // A new folder each time: servers are shared per project, so each create starts its own.
    const cwd = join(world.root, `p${projects++}`);
    mkdirSync(cwd, { recursive: true });
    const started = now();
    const from = arrivals.length;
    const { session } = await conn.request("session/create", { cwd, env, interactive: false, allowedTools });
    const view = new SessionView(conn, session.id);
    const ended = new Promise((resolve) =>
      view.on("event", ({ event }) => {
        if (event.type === "turn_completed" || event.type === "turn_failed") resolve(event);
      }),
    );
    await view.attach(0);
    const sent = now();
    await view.send(prompt);
    const end = await ended;
    const finished = now();
    return { firstRequestMs: arrivals[from] - started, turnMs: finished - sent, end, id: session.id };
  };
  const close = (id) => conn.request("session/close", { sessionId: id });

  try {
    const { pid } = await conn.request("daemon/status", {});
    let rssNone = 0;
    const startup = {};
    for (const n of [0, 1, 5]) {
      setServers(n);
      const samples = [];
      for (let i = 0; i < repeats + 1; i++) {
        const s = await session("hello");
        await close(s.id);
        if (i > 0) samples.push(s.firstRequestMs); // the first one warms the daemon up
      }
      samples.sort((a, b) => a - b);
      startup[n] = samples[Math.floor(samples.length / 2)];
      // The baseline: sessions have run, but no MCP server (nor the MCP SDK) was ever loaded.
      if (n === 0) rssNone = rssBytes(pid);
    }

    setServers(5);
    const busy = await session("hello");
    const rssFive = rssBytes(pid);

    setServers(1);
    // Alternating pairs, so a noisy moment on the machine hits one pair; medians are reported.
    const direct = [];
    const viaMcp = [];
    for (let i = 0; i < repeats; i++) {
      direct.push((await session(`read:${calls}`, ["Read"])).turnMs / calls);
      const m = await session(`mcp:${calls}`, ["mcp__s0__echo"]);
      if (m.end.type !== "turn_completed") throw new Error("the mcp__ turn failed");
      viaMcp.push(m.turnMs / calls);
    }
    await close(busy.id);
    const mid = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return { startup, rssNone, rssFive, directPerCallMs: mid(direct), mcpPerCallMs: mid(viaMcp) };
  } finally {
    await conn.close();
    await fake.close();
  }
}
