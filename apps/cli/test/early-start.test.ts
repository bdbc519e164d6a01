import { join } from "node:path";
import { text, turn } from "@berth/testkit";
import { expect, it } from "vitest";
import { daemonPid, runCli, stopDaemon } from "./support/cli";
import { readMarks, useCliWorld } from "./support/world";

const world = useCliWorld("berth-early-start-");

const marksOf = (file: string) => readMarks(file).map((m) => m.mark);

it("three -p runs racing in a fresh home share one daemon, and all answer", async () => {
  const project = world.sandbox.project();
  world.fake.enqueue(turn(text("one")), turn(text("two")), turn(text("three")));
  const files = [0, 1, 2].map((i) => join(world.sandbox.root, `race-${i}.jsonl`));
  const runs = await Promise.all(
    files.map((file) =>
      runCli(["-p", "hi"], {
        cwd: project,
        env: world.sandbox.env(world.fake.url, { BERTH_TIMINGS: file }),
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
  expect(daemonPid(world.sandbox.home)).toBeGreaterThan(0);
  await stopDaemon(world.sandbox.home);
});

it("starts no daemon early for a command that opens no session", async () => {
  const project = world.sandbox.project();
  const file = join(world.sandbox.root, "sessions.jsonl");
  const run = await runCli(["sessions"], {
    cwd: project,
    env: world.sandbox.env(world.fake.url, { BERTH_TIMINGS: file }),
  });
  expect(run.code, run.stderr).toBe(0);
  const marks = marksOf(file);
  // It still starts one when it needs it, after its command line has loaded.
  expect(marks.indexOf("client.spawn")).toBeGreaterThan(marks.indexOf("cli.program"));
  await stopDaemon(world.sandbox.home);
});
