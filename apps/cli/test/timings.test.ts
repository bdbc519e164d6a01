import { join } from "node:path";
import { text, toolUse, turn } from "@berth/testkit";
import { expect, it } from "vitest";
import { runCli } from "./support/cli";
import { readMarks, useCliWorld } from "./support/world";

const world = useCliWorld("berth-timings-");

const marks = readMarks;

it("writes the CLI's and the daemon's marks when asked to", async () => {
  const project = world.sandbox.project();
  const cliFile = join(world.sandbox.root, "cli.jsonl");
  const daemonFile = join(world.sandbox.root, "daemon.jsonl");
  world.fake.enqueue(turn(toolUse("Glob", { pattern: "*" })), turn(text("Found nothing much.")));
  const run = await runCli(["-p", "look around", "--allowedTools", "Glob"], {
    cwd: project,
    env: world.sandbox.env(world.fake.url, { BERTH_TIMINGS: cliFile, BERTH_DAEMON_TIMINGS: daemonFile }),
  });
  expect(run).toMatchObject({ code: 0, stdout: "Found nothing much.\n" });

  const cli = marks(cliFile);
  // The daemon is started early, before the command line loads (issue #13: its start-up overlaps
  // the CLI's; see apps/cli/src/early-start.ts).
  expect(cli.map((m) => m.mark)).toEqual([
    "cli.main",
    "client.spawn",
    "cli.code-cache",
    "cli.program",
    "client.daemon-up",
    "client.ws-open",
    "client.initialized",
    "cli.session-created",
    "cli.turn-end",
    "cli.closed",
    "cli.exit",
  ]);
  expect(cli.every((m) => m.proc === "cli")).toBe(true);
  expect(cli.map((m) => m.ms)).toEqual([...cli.map((m) => m.ms)].sort((a, b) => a - b));

  const daemon = marks(daemonFile).map((m) => m.mark);
  const order = (names: string[]) => names.map((n) => daemon.indexOf(n));
  const startUp = order(["daemon.main", "daemon.lock", "daemon.store", "daemon.listening", "daemon.ready"]);
  expect(startUp).toEqual([0, 1, 2, 3, 4]);
  const tool = order(["model.request", "tool.start", "tool.permitted", "tool.executed", "tool.reported"]);
  expect(tool.every((i, k) => i > (tool[k - 1] ?? 4))).toBe(true);
  expect(daemon).toContain("session.policy");
  expect(daemon.filter((m) => m === "model.request")).toHaveLength(2);
  expect(marks(daemonFile).find((m) => m.mark === "tool.start")?.detail).toBe("Glob");
  // The daemon process was running before the CLI had loaded its command line.
  const daemonMain = marks(daemonFile)[0]!;
  expect(daemonMain.at - daemonMain.ms).toBeLessThan(cli.find((m) => m.mark === "cli.program")!.at);
  // The daemon's marks sit inside the CLI's run on the shared epoch clock.
  const spawnAt = cli[1]!.at;
  const exitAt = cli.at(-1)!.at;
  expect(marks(daemonFile).every((m) => m.at > spawnAt && m.at < exitAt + 1000)).toBe(true);
});

it("writes nothing without the variables", async () => {
  const project = world.sandbox.project();
  world.fake.enqueue(turn(text("hi")));
  const run = await runCli(["-p", "hi"], { cwd: project, env: world.sandbox.env(world.fake.url) });
  expect(run.code).toBe(0);
  // The daemon from the first test still runs with its timings file; this client adds no CLI marks.
  expect(marks(join(world.sandbox.root, "cli.jsonl")).filter((m) => m.mark === "cli.main")).toHaveLength(1);
});
