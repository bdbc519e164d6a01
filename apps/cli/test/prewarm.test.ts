// A daemon the CLI starts in order to open a session (`-p`, interactive, resume) loads the shell
// grammar and the SDK right after it signals ready, overlapping the client's connect; one
// started for anything else (`berth sessions`) stays without them, so idle memory stays low.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type FakeAnthropic, startFakeAnthropic, text, turn } from "@berth/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeSandbox, runCli, type Sandbox, stopDaemon } from "./support/cli";
import { ensureBuilt } from "./support/paths";

let sandbox: Sandbox;
let fake: FakeAnthropic;

beforeAll(async () => {
  await ensureBuilt();
  sandbox = makeSandbox("berth-prewarm-");
  fake = await startFakeAnthropic();
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await sandbox?.cleanup();
});

const daemonMarks = (file: string) =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .map((line) => (JSON.parse(line) as { mark: string }).mark)
    : [];

it("prewarms a daemon started for a session, and only then", async () => {
  const project = sandbox.project();
  const forList = join(sandbox.root, "list.jsonl");
  const listing = await runCli(["sessions"], {
    cwd: project,
    env: sandbox.env(fake.url, { BERTH_DAEMON_TIMINGS: forList }),
  });
  expect(listing.code, listing.stderr).toBe(0);
  // Give a (wrongly) prewarming daemon the time to say so before looking.
  await new Promise((r) => setTimeout(r, 500));
  expect(daemonMarks(forList)).toContain("daemon.ready");
  expect(daemonMarks(forList)).not.toContain("daemon.prewarmed");
  await stopDaemon(sandbox.home);

  const forPrint = join(sandbox.root, "print.jsonl");
  fake.enqueue(turn(text("hello")));
  const printed = await runCli(["-p", "hi"], {
    cwd: project,
    env: sandbox.env(fake.url, { BERTH_DAEMON_TIMINGS: forPrint }),
  });
  expect(printed).toMatchObject({ code: 0, stdout: "hello\n" });
  const marks = daemonMarks(forPrint);
  expect(marks).toContain("daemon.prewarmed");
  expect(marks.indexOf("daemon.prewarmed")).toBeGreaterThan(marks.indexOf("daemon.ready"));
});
