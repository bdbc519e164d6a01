import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { text, turn } from "@berth/testkit";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openSession, startTestDaemon, type TestDaemon } from "./harness";

let t: TestDaemon;
beforeEach(async () => {
  t = await startTestDaemon();
});
afterEach(async () => t.stop());

it("uses the key stored by berth login when the session has none, and forgets it on logout", async () => {
  const conn = await t.connect();
  const env = { ANTHROPIC_BASE_URL: t.fake.url, PATH: process.env.PATH ?? "" };
  const saved = await conn.request("auth/login", { apiKey: "sk-ant-stored-key-0001" });
  const file = join(t.home, "credentials.json");
  expect(saved.location).toBe(file);
  expect(statSync(file).mode & 0o777).toBe(0o600);

  t.fake.enqueue(turn(text("hi")));
  const { view, rec } = await openSession(t, conn, { env });
  await view.send("hello");
  await rec.waitFor("turn_completed");
  expect(t.fake.requests[0]?.headers["x-api-key"]).toBe("sk-ant-stored-key-0001");

  expect(await conn.request("auth/logout", {})).toMatchObject({ removed: true });
  expect(existsSync(file)).toBe(false);
  const error = await conn.request("session/create", { cwd: t.project, env }).catch((e) => e);
  expect(String(error.message)).toMatch(/berth login/);
});

it("rejects something that is not a key without storing it", async () => {
  const conn = await t.connect();
  await expect(conn.request("auth/login", { apiKey: "has spaces in it" })).rejects.toThrow(/no spaces/);
  expect(existsSync(join(t.home, "credentials.json"))).toBe(false);
});
