// WebFetch through the built daemon: its HTML conversion runs from bundle chunks in a worker
// thread, which the in-process tests (TypeScript sources, converted in-thread) cannot show.
// A chunk of a CommonJS package exports only `default`; reading a named export from it once
// left Readability undefined there, and every page silently kept its navigation.
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SessionView } from "@berth/client";
import {
  type FakeAnthropic,
  makeTempDir,
  startFakeAnthropic,
  startTestWebServer,
  type TestWebServer,
  text,
  toolUse,
  turn,
} from "@berth/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EventRecorder, sessionEnv } from "./harness";
import { connectWhenReady, ensureBuilt, type SpawnedDaemon, spawnDaemon } from "./spawned";

const NAVIGATION = "navigation-link-only-text";
const ARTICLE = "The release keeps every committed event and replays it to late clients. ";

let fake: FakeAnthropic;
let site: TestWebServer;
let daemon: SpawnedDaemon | undefined;
const dir = makeTempDir("berth-web-built-");

beforeAll(async () => {
  ensureBuilt();
  fake = await startFakeAnthropic();
  site = await startTestWebServer({
    routes: {
      "/article": (_req, res) => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(
          `<!doctype html><html><head><title>Notes</title></head><body><nav><a href="/a">${NAVIGATION}</a> <a href="/b">${NAVIGATION}</a></nav>` +
            `<article><h1>Release notes</h1><p>${ARTICLE.repeat(12)}</p><p>${ARTICLE.repeat(6)}</p></article>` +
            `<footer><a href="/c">${NAVIGATION}</a></footer></body></html>`,
        );
      },
    },
  });
}, 120_000);

afterAll(async () => {
  daemon?.child.kill("SIGKILL");
  await daemon?.exited;
  await fake.close();
  await site.close();
  dir.cleanup();
});

it("keeps the article and drops the navigation of a fetched page", async () => {
  const project = join(dir.path, "project");
  mkdirSync(join(project, ".claude"), { recursive: true });
  writeFileSync(
    join(project, ".claude", "settings.local.json"),
    JSON.stringify({ permissions: { allow: ["WebFetch(domain:127.0.0.1)"] } }),
  );
  daemon = await spawnDaemon(join(dir.path, "home"));
  const conn = await connectWhenReady(daemon);
  const cwd = realpathSync(project);
  await conn.request("trust/set", { cwd, trusted: true });
  const { session } = await conn.request("session/create", {
    cwd,
    env: { ...sessionEnv(fake), ANTHROPIC_DEFAULT_HAIKU_MODEL: "claude-side-test" },
  });
  const view = new SessionView(conn, session.id);
  const rec = new EventRecorder(view);
  await view.attach(0);
  fake.enqueue(
    turn(toolUse("WebFetch", { url: `${site.origin}/article`, prompt: "what changed?" })),
    turn(text("side answer")),
    turn(text("done")),
  );
  await view.send("read the notes");
  await rec.waitFor("turn_completed", 30_000);
  const side = fake.requests.filter((r) => r.body?.model === "claude-side-test");
  expect(side).toHaveLength(1);
  const sent = JSON.stringify(side[0]?.body);
  expect(sent).toContain("replays it to late clients");
  expect(sent).not.toContain(NAVIGATION);
  await conn.close();
}, 60_000);
