// Bundled and run by web-fetch.bench.mjs. One WebFetch of a 1 MB HTML page per turn through the
// real, built daemon: fetch, Readability + Turndown, the side request to the fake model, and
// the answer back into the conversation. The baseline is a plain fetch of the same page.
import { createServer } from "node:http";
import { ensureDaemon, SessionView } from "@berth/client";
import { startFakeAnthropic, text, toolUse, turn } from "@berth/testkit";
import { turnEnd } from "./turn-end.mjs";

const SIDE_MODEL = "claude-bench-side";
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** About `bytes` of article-like HTML: headings, paragraphs, links, lists and code. */
export function makePage(bytes) {
  const section = (i) =>
    `<section><h2>Section ${i}</h2><p>Berth keeps sessions in a per-user daemon; clients attach over a local WebSocket. ` +
    `See <a href="/docs/${i}">the guide for part ${i}</a> for details on replay, retention and permissions.</p>` +
    `<ul><li>item ${i}.a with <b>bold</b> text</li><li>item ${i}.b with <code>inline code</code></li></ul>` +
    `<pre><code>berth -p "summarise part ${i}" --output-format json</code></pre></section>`;
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = section(i);
    parts.push(s);
    size += s.length;
  }
  return `<!doctype html><html><head><title>Bench page</title><script>var noise = 1;</script></head><body><nav>menu</nav><article><h1>Berth guide</h1>${parts.join("")}</article></body></html>`;
}

/** The model's side: side requests get a short answer; the main turn asks for one WebFetch. */
function responder(url) {
  return (request) => {
    if (request.body?.model === SIDE_MODEL)
      return turn(text("The guide covers replay, retention and permissions."));
    const assistantTurns = (request.body?.messages ?? []).filter((m) => m.role === "assistant").length;
    const q = /bench:(\S+)/.exec(JSON.stringify(request.body?.messages?.[0]?.content ?? ""))?.[1] ?? "0";
    return assistantTurns === 0
      ? turn(toolUse("WebFetch", { url: `${url}?q=${q}`, prompt: "What does the guide cover?" }))
      : turn(text("Done."));
  };
}

async function startPage(html) {
  const body = Buffer.from(html);
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": body.length });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/guide`, close: () => server.close() };
}

async function oneTurn(conn, world, fakeUrl, key) {
  const { session } = await conn.request("session/create", {
    cwd: world.project,
    env: {
      ANTHROPIC_API_KEY: "bench",
      ANTHROPIC_BASE_URL: fakeUrl,
      ANTHROPIC_DEFAULT_HAIKU_MODEL: SIDE_MODEL,
      PATH: world.env.PATH,
      HOME: world.userHome,
    },
    interactive: false,
    allowedTools: ["WebFetch(domain:127.0.0.1)"],
  });
  const view = new SessionView(conn, session.id);
  let toolResult;
  const ended = turnEnd(view, (event) => {
    if (event.type === "tool_result") toolResult = event;
  });
  await view.attach(0);
  const started = now();
  await view.send(`bench:${key}`);
  const end = await ended;
  const wallMs = now() - started;
  await view.detach();
  await conn.request("session/close", { sessionId: session.id });
  if (end.type !== "turn_completed")
    throw new Error(`the turn ended with ${end.type}: ${JSON.stringify(end)}`);
  if (!toolResult || toolResult.isError) throw new Error(`WebFetch failed: ${toolResult?.content}`);
  return { wallMs, toolMs: toolResult.display?.durationMs ?? Number.NaN, cached: toolResult.display?.cached };
}

async function plainFetch(url) {
  const started = now();
  const response = await fetch(url);
  const body = await response.text();
  return { ms: now() - started, bytes: Buffer.byteLength(body) };
}

export async function measure({ world, daemonEntry, pageBytes, repeats }) {
  const html = makePage(pageBytes);
  const page = await startPage(html);
  const fake = await startFakeAnthropic({ responder: responder(page.url) });
  const conn = await ensureDaemon({
    home: world.home,
    clientInfo: { name: "berth-bench", version: "0" },
    daemonEntry,
    daemonEnv: world.env,
  });
  try {
    // The first turn loads the converters (lazy chunks) and warms the JIT.
    await oneTurn(conn, world, fake.url, "warmup");
    await plainFetch(`${page.url}?q=warmup`);
    const samples = [];
    for (let i = 0; i < repeats; i++) {
      const fresh = await oneTurn(conn, world, fake.url, `r${i}`);
      // Same URL again: served from the 15-minute cache, only the side request remains.
      const cached = await oneTurn(conn, world, fake.url, `r${i}`);
      const plain = await plainFetch(`${page.url}?q=plain${i}`);
      const side = fake.requests.filter((r) => r.body?.model === SIDE_MODEL).at(-1);
      samples.push({ fresh, cached, plain, sideRequestBytes: side?.rawBody.length ?? 0 });
    }
    return { pageBytes: Buffer.byteLength(html), samples };
  } finally {
    await conn.close();
    await fake.close();
    page.close();
  }
}
