// The REPL, loaded from the code-cached script (program-loader.ts) once earlier runs have written
// the cache: the same terminal session as from the ES module build.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { text, turn } from "@berth/testkit";
import { expect, it } from "vitest";
import { runCli } from "./support/cli";
import { ptySuite } from "./support/pty-suite";
import { CliTerminal } from "./support/terminal";

const suite = ptySuite();

it("runs an interactive session from the code-cached command line", async () => {
  const project = suite.sandbox.project();
  const fake = await suite.fake();
  const env = suite.sandbox.env(fake.url);
  // Cold (starts the daemon, writes no cache), then warm (writes it while waiting for the model).
  for (let i = 0; i < 2; i++) {
    fake.enqueue(turn(text("warming")));
    const run = await runCli(["-p", "hi", "--trust-workspace"], { cwd: project, env });
    expect(run.code, run.stderr).toBe(0);
  }
  const marks = join(suite.sandbox.root, "repl-marks.jsonl");
  fake.enqueue(turn(text("Answered from the cached REPL.")));
  const term = new CliTerminal([], { cwd: project, env: { ...env, BERTH_TIMINGS: marks } });
  try {
    const trust = await Promise.race([
      term.waitForText("Do you trust the files in").then(() => true),
      term.waitForText(/^›$/m).then(() => false),
    ]);
    if (trust) term.type("y");
    await term.waitForText(/^›$/m);
    term.type("say something\r");
    await term.waitForText("Answered from the cached REPL.");
    term.type("\x03");
    await term.waitForText("Press Ctrl-C again to detach");
    term.type("\x03");
    expect((await term.exited).exitCode).toBe(0);
  } finally {
    term.dispose();
  }
  const cache = readFileSync(marks, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { mark: string; detail?: string })
    .find((m) => m.mark === "cli.code-cache");
  expect(cache?.detail).toBe("used");
});
