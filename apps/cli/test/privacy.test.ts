// `berth privacy`, the doctor's privacy lines and `berth bug`, through the built CLI and a real daemon.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type FakeAnthropic,
  type HttpRecorder,
  startFakeAnthropic,
  startHttpRecorder,
  text,
  turn,
} from "@berth/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeSandbox, runCli, type Sandbox } from "./support/cli";
import { ensureBuilt } from "./support/paths";
import { CliTerminal } from "./support/terminal";

let sandbox: Sandbox;
let failing: HttpRecorder;

beforeAll(async () => {
  await ensureBuilt();
  sandbox = makeSandbox();
  failing = await startHttpRecorder({ status: 500 });
  mkdirSync(sandbox.home, { recursive: true, mode: 0o700 });
  writeFileSync(join(sandbox.home, "settings.json"), JSON.stringify({ bugReportUrl: `${failing.url}/bugs` }));
}, 120_000);
afterAll(async () => {
  await failing?.close();
  await sandbox?.cleanup();
});

it("explains each switch, what decided it and where data would go", async () => {
  const env = sandbox.env(undefined, { DISABLE_TELEMETRY: "1" });
  const run = await runCli(["privacy"], { cwd: sandbox.project(), env });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/Telemetry: off \(decided by DISABLE_TELEMETRY in environment\)/);
  expect(run.stdout).toContain(`${failing.url}/bugs (only when you send a report)`);
  const json = await runCli(["privacy", "--json"], { cwd: sandbox.project(), env });
  const parsed = JSON.parse(json.stdout) as { switches: Array<{ name: string; disabled: boolean }> };
  expect(parsed.switches.find((s) => s.name === "telemetry")?.disabled).toBe(true);
  const doctor = await runCli(["doctor"], { cwd: sandbox.project(), env });
  expect(doctor.stdout).toMatch(/✓ Telemetry\s+off \(DISABLE_TELEMETRY in environment\)/);
}, 60_000);

it("writes the report, says where, and fails clearly when the destination answers 500", async () => {
  const run = await runCli(["bug", "-m", "the spinner froze", "--send"], {
    cwd: sandbox.project(),
    env: sandbox.env(),
  });
  expect(run.code).toBe(1);
  const path = run.stdout.match(/Bug report written to (\S+)/)?.[1];
  expect(path && existsSync(path)).toBe(true);
  expect(run.stdout).toContain("answered HTTP 500");
  expect(failing.requests).toHaveLength(1);
  expect(failing.requests[0]?.body).toContain("the spinner froze");
}, 60_000);

it("is refused with the switch and where it was set", async () => {
  const run = await runCli(["bug", "--send"], {
    cwd: sandbox.project(),
    env: sandbox.env(undefined, { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" }),
  });
  expect(run.code).not.toBe(0);
  expect(run.stderr).toContain(
    "The bug command is disabled by CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC (set in environment)",
  );
  expect(failing.requests).toHaveLength(1);
}, 60_000);

it("/bug in an interactive session writes the session's report and shows where", async () => {
  let fake: FakeAnthropic | undefined;
  let term: CliTerminal | undefined;
  try {
    fake = await startFakeAnthropic();
    fake.enqueue(turn(text("The build is green.")));
    term = new CliTerminal([], { cwd: sandbox.project(), env: sandbox.env(fake.url) });
    await term.waitForText("Do you trust the files in");
    term.type("y");
    await term.waitForText(/^›$/m);
    term.type("check the build\r");
    await term.waitForText("The build is green.");
    term.type("/bug the spinner never stopped\r");
    const screen = await term.waitForText(/answered HTTP 500/);
    const path = /Bug report written to (\S+)/.exec(screen)?.[1];
    expect(path && existsSync(path)).toBe(true);
    const report = readFileSync(path as string, "utf8");
    expect(report).toContain("the spinner never stopped");
    expect(report).toContain("The build is green.");
    expect(failing.requests).toHaveLength(2);
    term.type("\x03\x03");
    await term.exited;
  } finally {
    term?.dispose();
    await fake?.close();
  }
}, 60_000);
