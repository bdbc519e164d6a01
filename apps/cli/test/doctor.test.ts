// `berth doctor`: one screen that says what works and what to fix, and never shows a secret.
import { type FakeAnthropic, startFakeAnthropic } from "@berth/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeSandbox, runCli, type Sandbox } from "./support/cli";
import { ensureBuilt } from "./support/paths";

let sandbox: Sandbox;
let fake: FakeAnthropic;

beforeAll(async () => {
  await ensureBuilt();
  sandbox = makeSandbox();
  fake = await startFakeAnthropic();
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await sandbox?.cleanup();
});

it("reports missing credentials with a fix, and fails", async () => {
  const run = await runCli(["doctor"], { cwd: sandbox.project(), env: sandbox.env() });
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/✗ Credentials\s+anthropic: no credentials/);
  expect(run.stdout).toContain("berth login");
  expect(run.stdout).toMatch(/✓ Daemon\s+pid \d+/);
});

it("names the credential in use without printing it", async () => {
  const key = "sk-ant-api03-doctor-secret-value-0123456789";
  const run = await runCli(["doctor"], {
    cwd: sandbox.project(),
    env: sandbox.env(fake.url, { ANTHROPIC_API_KEY: key }),
  });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/✓ Credentials\s+anthropic: ANTHROPIC_API_KEY \(id [0-9a-f]{8}\)/);
  expect(run.stdout).not.toContain(key);
  expect(run.stdout).toMatch(/! Workspace trust/);
});
