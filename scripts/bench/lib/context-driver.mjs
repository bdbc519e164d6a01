// Bundled and run by context-memory.bench.mjs and hooks-overhead.bench.mjs: drives sessions in
// the real, built daemon against the fake model and times them.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureDaemon, SessionView } from "@berth/client";
import { startFakeAnthropic, text, toolUse, turn } from "@berth/testkit";

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** `bench:N` in the prompt asks for N Reads of `file`, then a final text. */
function responderFor(file) {
  return (request) => {
    const messages = request.body?.messages ?? [];
    const first = messages[0]?.content;
    const firstText = typeof first === "string" ? first : (first?.find((b) => b.type === "text")?.text ?? "");
    const wanted = Number(/bench:(\d+)/.exec(firstText)?.[1] ?? 0);
    const done = messages.filter((m) => m.role === "assistant").length;
    return done < wanted ? turn(toolUse("Read", { file_path: file })) : turn(text("done"));
  };
}

/** Session create → attach → one turn of `calls` Reads; wall time from create to turn end. */
async function timedSession(conn, world, fakeUrl, cwd, calls) {
  const started = now();
  const { session } = await conn.request("session/create", {
    cwd,
    env: {
      ANTHROPIC_API_KEY: "bench",
      ANTHROPIC_BASE_URL: fakeUrl,
      PATH: world.env.PATH,
      HOME: world.userHome,
    },
    interactive: false,
    trustWorkspace: true,
  });
  const view = new SessionView(conn, session.id);
  const ended = new Promise((resolve) => {
    view.on("event", ({ event }) => {
      if (["turn_completed", "turn_failed", "turn_interrupted"].includes(event.type)) resolve(event);
    });
  });
  await view.attach(0);
  await view.send(`bench:${calls}`);
  const end = await ended;
  const wallMs = now() - started;
  if (end.type !== "turn_completed")
    throw new Error(`the turn ended with ${end.type}: ${JSON.stringify(end)}`);
  await conn.request("session/close", { sessionId: session.id });
  return wallMs;
}

export async function withDaemon(world, daemonEntry, fn) {
  const file = join(world.project, "small.txt");
  writeFileSync(file, "a small file\n");
  const fake = await startFakeAnthropic({ responder: responderFor(file) });
  const conn = await ensureDaemon({
    home: world.home,
    clientInfo: { name: "berth-bench", version: "0" },
    daemonEntry,
    daemonEnv: world.env,
  });
  try {
    return await fn({
      fake,
      session: (cwd, calls) => timedSession(conn, world, fake.url, cwd, calls),
    });
  } finally {
    await conn.close();
    await fake.close();
  }
}

/** 20 memory files, `totalLines` lines in all: a root CLAUDE.md importing a chain of docs. */
export function writeMemoryTree(project, totalLines = 2000, files = 20) {
  const per = Math.floor(totalLines / files);
  const lines = (n, tag) =>
    Array.from(
      { length: n },
      (_, i) => `- ${tag} rule ${i + 1}: keep functions small and named for what they do.`,
    );
  mkdirSync(join(project, "docs"), { recursive: true });
  // CLAUDE.md imports docs/0..4; each docs/i imports docs/i+5 (depth ≤ 4), plus .claude/CLAUDE.md.
  const docs = files - 2;
  writeFileSync(
    join(project, "CLAUDE.md"),
    [...lines(per, "root"), ...Array.from({ length: 5 }, (_, i) => `See @docs/${i}.md`)].join("\n"),
  );
  mkdirSync(join(project, ".claude"), { recursive: true });
  writeFileSync(join(project, ".claude", "CLAUDE.md"), lines(per, "dot-claude").join("\n"));
  for (let i = 0; i < docs; i++) {
    const next = i + 5 < docs ? [`Also @${i + 5}.md`] : [];
    writeFileSync(join(project, "docs", `${i}.md`), [...lines(per, `doc${i}`), ...next].join("\n"));
  }
}

export function writeHookSettings(project, command) {
  mkdirSync(join(project, ".claude"), { recursive: true });
  writeFileSync(
    join(project, ".claude", "settings.json"),
    JSON.stringify({ hooks: { PreToolUse: [{ matcher: "", hooks: [{ type: "command", command }] }] } }),
  );
}
