// WebFetch in an interactive session: an unapproved domain is asked, "allow always" saves the
// domain rule the engine suggested, and the next fetch of that domain runs without asking.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PLANTED, startTestWebServer, type TestWebServer, text, toolUse, turn } from "@berth/testkit";
import { afterEach, expect, it } from "vitest";
import { openSession, sessionEnv, startTestDaemon, type TestDaemon } from "./harness";

let t: TestDaemon | undefined;
let site: TestWebServer | undefined;
afterEach(async () => {
  await t?.stop();
  await site?.close();
});

it("asks for an unapproved domain and remembers an 'allow always' as a domain rule", async () => {
  t = await startTestDaemon();
  site = await startTestWebServer();
  const conn = await t.connect();
  await conn.request("trust/set", { cwd: t.project, trusted: true });
  const { view, rec } = await openSession(t, conn, {
    env: { ...sessionEnv(t.fake), ANTHROPIC_DEFAULT_HAIKU_MODEL: "claude-side-test" },
  });
  const fetchTurn = (path: string) =>
    turn(toolUse("WebFetch", { url: `${site!.origin}${path}`, prompt: "summary?" }));
  t.fake.enqueue(fetchTurn("/page"), turn(text("side answer one")), turn(text("first done")));
  await view.send("read the page");
  const ask = await rec.waitFor("permission_request");
  expect(ask.request.tool).toBe("WebFetch");
  expect(ask.request.suggestions).toEqual(["WebFetch(domain:127.0.0.1)"]);
  expect(site.hits.get("/page")).toBeUndefined();
  await view.respond(ask.request, "allow_always");
  await rec.waitFor("turn_completed", 30_000);
  const local = JSON.parse(readFileSync(join(t.project, ".claude", "settings.local.json"), "utf8"));
  expect(local.permissions.allow).toEqual(["WebFetch(domain:127.0.0.1)"]);

  t.fake.enqueue(fetchTurn("/notes.txt"), turn(text("side answer two")), turn(text("second done")));
  const asksBefore = rec.events.filter((e) => e.event.type === "permission_request").length;
  await view.send("read the notes");
  await rec.next("turn_completed", 30_000);
  expect(rec.events.filter((e) => e.event.type === "permission_request")).toHaveLength(asksBefore);
  expect(site.hits.get("/notes.txt")).toBe(1);
  const results = rec.events.flatMap((e) => (e.event.type === "tool_result" ? [e.event.content] : []));
  expect(results).toHaveLength(2);
  expect(results[1]).toContain("side answer two");
  for (const r of results) expect(r).not.toContain(PLANTED);
  expect(t.fake.requests.filter((r) => r.body?.model === "claude-side-test")).toHaveLength(2);
});
