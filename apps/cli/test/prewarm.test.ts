import { join } from "node:path";
import { text, turn } from "@berth/testkit";
import { expect, it } from "vitest";
import { runCli, stopDaemon } from "./support/cli";
import { readMarks, useCliWorld } from "./support/world";

const world = useCliWorld("berth-prewarm-");

const daemonMarks = (file: string) => readMarks(file).map((m) => m.mark);

it("prewarms a daemon started for a session, and only then", async () => {
  const project = world.sandbox.project();
  const forList = join(world.sandbox.root, "list.jsonl");
  const listing = await runCli(["sessions"], {
    cwd: project,
    env: world.sandbox.env(world.fake.url, { BERTH_DAEMON_TIMINGS: forList }),
  });
  expect(listing.code, listing.stderr).toBe(0);
  // Give a (wrongly) prewarming daemon the time to say so before looking.
  await new Promise((r) => setTimeout(r, 500));
  expect(daemonMarks(forList)).toContain("daemon.ready");
  expect(daemonMarks(forList)).not.toContain("daemon.prewarmed");
  await stopDaemon(world.sandbox.home);

  const forPrint = join(world.sandbox.root, "print.jsonl");
  world.fake.enqueue(turn(text("hello")));
  const printed = await runCli(["-p", "hi"], {
    cwd: project,
    env: world.sandbox.env(world.fake.url, { BERTH_DAEMON_TIMINGS: forPrint }),
  });
  expect(printed).toMatchObject({ code: 0, stdout: "hello\n" });
  const marks = daemonMarks(forPrint);
  expect(marks).toContain("daemon.prewarmed");
  expect(marks.indexOf("daemon.prewarmed")).toBeGreaterThan(marks.indexOf("daemon.ready"));
});
