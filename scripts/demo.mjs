#!/usr/bin/env node
// The offline demo: a real Berth daemon and CLI, driven by the built-in fake model, in a
// throwaway project. The model reads a file, proposes an edit (you approve it), runs a
// command and answers. Nothing leaves this machine and no API key is needed.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { DEMO_FILE, DEMO_SOURCE, demoScript } from "./demo/script.mjs";
import { renderLine } from "./demo/transcript.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = realpathSync(mkdtempSync(join(tmpdir(), "berth-demo-")));
const project = join(work, "greeter");
const home = join(work, "berth-home");
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[22m` : s);

await import("node:fs/promises").then((fs) => fs.mkdir(project, { recursive: true }));
writeFileSync(join(project, DEMO_FILE), DEMO_SOURCE);
writeFileSync(join(work, "script.json"), JSON.stringify(demoScript(project), null, 2));

const fake = spawn(
  process.execPath,
  [
    join(root, "packages/testkit/dist/fake-model.js"),
    "--script",
    join(work, "script.json"),
    "--latency-ms",
    "15",
  ],
  {
    stdio: ["ignore", "pipe", "ignore"],
  },
);
// However the demo ends, the fake model goes with it.
process.on("exit", () => fake.kill("SIGTERM"));
const url = await new Promise((resolve, reject) => {
  fake.stdout.once("data", (d) => resolve(d.toString().trim().split("\n")[0]));
  fake.once("exit", (code) => reject(new Error(`fake model exited (${code})`)));
});

const interactive = process.stdin.isTTY && process.stdout.isTTY;
console.log(bold("Berth offline demo"));
console.log(`A throwaway project at ${project}, a fake model at ${url}, and a private Berth home.`);
console.log(
  interactive
    ? "When Berth asks for permission, press y to allow once (n to deny). Ctrl-C twice to leave.\n"
    : "No terminal attached: running in print mode with the edit and the command pre-approved.\n",
);

const env = {
  ...process.env,
  BERTH_HOME: home,
  ANTHROPIC_API_KEY: "offline-demo-key",
  ANTHROPIC_BASE_URL: url,
  ANTHROPIC_MODEL: "claude-sonnet-4-5",
  // If the demo is cut short, its private daemon still goes away by itself a minute later.
  BERTH_DAEMON_IDLE_MS: "60000",
};
const prompt = "The greeting in greet.js is wrong. Fix it and check it runs.";
const args = interactive
  ? [prompt]
  : ["-p", prompt, "--output-format", "stream-json", "--allowedTools", "Edit", "Bash(node greet.js)"];
const cli = spawn(process.execPath, [join(root, "apps/cli/dist/berth.cjs"), ...args], {
  cwd: project,
  env,
  stdio: interactive ? "inherit" : ["ignore", "pipe", "inherit"],
});
if (!interactive) {
  createInterface({ input: cli.stdout }).on("line", (line) =>
    renderLine(line, (t) => process.stdout.write(t)),
  );
}
const code = await new Promise((resolve) => cli.once("exit", (c) => resolve(c ?? 1)));

// Stop the demo's daemon and fake model, then show what changed.
await new Promise((resolve) => {
  const stop = spawn(process.execPath, [join(root, "apps/cli/dist/berth.cjs"), "daemon", "stop"], {
    env,
    stdio: "ignore",
  });
  stop.once("exit", resolve);
});
fake.kill("SIGTERM");
console.log(`\n${bold("greet.js now reads:")}\n${readFileSync(join(project, DEMO_FILE), "utf8")}`);
console.log(
  "To use Berth for real: set ANTHROPIC_API_KEY and run `node apps/cli/dist/berth.cjs` in your project.",
);
rmSync(work, { recursive: true, force: true });
process.exit(code);
