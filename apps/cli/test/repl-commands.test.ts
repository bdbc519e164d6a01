// The prompt's own features in a real terminal: /help generated from the command registry, a
// suggestion for a mistyped command, history that survives a restart, a `\` continuation that
// reaches the model as one two-line message, and Esc interrupting a turn.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { text, turn } from "@berth/testkit";
import { describe, expect, it } from "vitest";
import { ptySuite } from "./support/pty-suite";
import type { CliTerminal } from "./support/terminal";

const suite = ptySuite();
const open = (args: string[], cwd: string) => suite.open(args, cwd);

async function start(project: string, trust: "y" | "n" = "n"): Promise<CliTerminal> {
  const term = open([], project);
  await term.waitForText("Do you trust the files in");
  term.type(trust);
  await term.waitForText(/^›$/m);
  return term;
}

async function detach(term: CliTerminal): Promise<void> {
  // Ctrl-U empties the line first: Ctrl-D detaches only from an empty prompt.
  term.type("\x15\x04");
  expect((await term.exited).exitCode).toBe(0);
}

describe("the interactive prompt", () => {
  it("lists the registry in /help and suggests the nearest command for a typo", async () => {
    const project = suite.sandbox.project();
    const fake = await suite.fake();
    const term = await start(project);
    term.type("/help\r");
    const screen = await term.waitForText("Ctrl-C twice detaches");
    for (const cmd of [
      "/model [name]",
      "/permissions",
      "/status",
      "/config",
      "/resume",
      "/doctor",
      "/export [file]",
    ])
      expect(screen).toContain(cmd);
    term.type("/stauts\r");
    await term.waitForText("Unknown command /stauts. Did you mean /status? Type /help for the list.");
    term.type("/status\r");
    const status = await term.waitForText(/Permission mode\s+default/);
    expect(status).toMatch(/Daemon\s+pid \d+, version /);
    expect(status).toMatch(/Credential\s+anthropic: /);
    expect(fake.requests).toHaveLength(0);
    await detach(term);
  });

  it("sends a `\\` continuation as one two-line message, and ↑ recalls it after a restart", async () => {
    const project = suite.sandbox.project();
    const fake = await suite.fake();
    fake.enqueue(turn(text("Got both lines.")));
    const term = await start(project, "y");
    term.type("first line\\\r");
    term.type("second line");
    // The prompt grew a second row instead of sending.
    await term.waitForText(/› first line\n {2}second line$/m);
    expect(fake.requests).toHaveLength(0);
    term.type("\r");
    await term.waitForText("Got both lines.");
    const sent = fake.requests[0]?.body?.messages?.at(-1);
    expect(JSON.stringify(sent)).toContain("first line\\nsecond line");
    await term.waitForText(/^›$/m);
    await detach(term);

    // A new CLI in the same project: ↑ brings the message back, both lines of it.
    // Trusted now, so no question this time.
    const next = open([], project);
    await next.waitForText(/^›$/m);
    next.type("\x1b[A");
    await next.waitForText(/› first line\n {2}second line/);
    await detach(next);
  });

  it("switches the session's model with /model, for the next request", async () => {
    const project = suite.sandbox.project();
    const fake = await suite.fake();
    fake.enqueue(turn(text("Answered.")));
    const term = await start(project);
    term.type("/model\r");
    await term.waitForText(/^Model: \S+/m);
    term.type("/model claude-test-other\r");
    await term.waitForText("Model set to claude-test-other for this session.");
    term.type("hello\r");
    await term.waitForText("Answered.");
    expect(fake.requests[0]?.body?.model).toBe("claude-test-other");
    term.type("/status\r");
    await term.waitForText(/Model\s+claude-test-other/);
    await detach(term);
  });

  it("adds, lists and removes a saved rule with /permissions, only in a trusted folder", async () => {
    const untrusted = suite.sandbox.project();
    await suite.fake();
    const first = await start(untrusted);
    first.type("/permissions add Bash(npm test)\r");
    await first.waitForText("is not trusted; its local rules would not apply.");
    await detach(first);

    const project = suite.sandbox.project();
    const term = await start(project, "y");
    term.type("/permissions add Bash(npm test)\r");
    await term.waitForText(/Added Bash\(npm test\) to \S+settings\.local\.json/);
    expect(readFileSync(join(project, ".claude", "settings.local.json"), "utf8")).toContain("Bash(npm test)");
    term.type("/permissions\r");
    const listed = await term.waitForText(/ {2}Bash\(npm test\) +\S+ \S+settings\.local\.json/);
    expect(listed.replace(/\n/g, "")).toContain("[saved; /permissions remove]");
    term.type("/permissions remove Bash(npm test)\r");
    await term.waitForText(/Removed Bash\(npm test\) from/);
    await detach(term);
  });

  it("interrupts a running turn on Esc", async () => {
    const project = suite.sandbox.project();
    const fake = await suite.fake();
    fake.enqueue({ content: [text("a very slow answer")], delayMs: 30_000 });
    const term = await start(project);
    term.type("take your time\r");
    await term.waitForText(/Thinking… \(\d+s · ctrl-c to interrupt\)/);
    term.type("\x1b");
    await term.waitForText("Interrupted: ");
    await term.waitForText(/^›$/m);
    expect(term.screenText()).not.toContain("a very slow answer");
    await detach(term);
  });
});
