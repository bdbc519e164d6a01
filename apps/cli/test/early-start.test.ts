// Early daemon start (issue #13): a run that opens a session starts a missing daemon from the
// CLI's entry, before the command line loads, and ensureDaemon waits on that child. The
// liveness guarantees stay: clients racing to start one get exactly one daemon, and a command
// that opens no session starts none early.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type FakeAnthropic, startFakeAnthropic, text, turn } from "@berth/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { daemonPid, makeSandbox, runCli, type Sandbox, stopDaemon } from "./support/cli";
import { ensureBuilt } from "./support/paths";

let sandbox: Sandbox;
let fake: FakeAnthropic;

beforeAll(async () => {
  await ensureBuilt();
  sandbox = makeSandbox("berth-early-start-");
  fake = await startFakeAnthropic();
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await sandbox?.cleanup();
});

const marksOf = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => (JSON.parse(line) as { mark: string }).mark);

it("three -p runs racing in a fresh home share one daemon, and all answer", async () => {
  const project = sandbox.project();
  fake.enqueue(turn(text("one")), turn(text("two")), turn(text("three")));
  const files = [0, 1, 2].map((i) => join(sandbox.root, `race-${i}.jsonl`));
  const runs = await Promise.all(
    files.map((file) =>
      runCli(["-p", "hi"], {
        cwd: project,
        env: sandbox.env(fake.url, { BERTH_TIMINGS: file }),
        timeoutMs: 40_000,
      }),
    ),
  );
  for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0, stderr: "" });
  expect(runs.map((r) => r.stdout.trim()).sort()).toEqual(["one", "three", "two"]);
  // Each started one early (none was listening), before its command line loaded; two lost the lock.
  for (const file of files) {
    const marks = marksOf(file);
    expect(marks.filter((m) => m === "client.spawn")).toHaveLength(1);
    expect(marks.indexOf("client.spawn")).toBeLessThan(marks.indexOf("cli.program"));
  }
  expect(daemonPid(sandbox.home)).toBeGreaterThan(0);
  await stopDaemon(sandbox.home);
});

it("starts no daemon early for a command that opens no session", async () => {
  const project = sandbox.project();
  const file = join(sandbox.root, "sessions.jsonl");
  const run = await runCli(["sessions"], {
    cwd: project,
    env: sandbox.env(fake.url, { BERTH_TIMINGS: file }),
  });
  expect(run.code, run.stderr).toBe(0);
  const marks = marksOf(file);
  // It still starts one when it needs it, after its command line has loaded.
  expect(marks.indexOf("client.spawn")).toBeGreaterThan(marks.indexOf("cli.program"));
  await stopDaemon(sandbox.home);
});
