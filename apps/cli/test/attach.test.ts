// Two terminals on one session: the second attaches while the first waits at a permission
// prompt, sees the history and the same question, and answers it; both show the outcome.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type FakeAnthropic, startFakeAnthropic, text, toolResults, toolUse, turn } from "@berth/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, type Sandbox } from "./support/cli";
import { ensureBuilt } from "./support/paths";
import { CliTerminal } from "./support/terminal";

let sandbox: Sandbox;
let fake: FakeAnthropic;
const terminals: CliTerminal[] = [];

beforeAll(async () => {
  await ensureBuilt();
  sandbox = makeSandbox();
}, 120_000);
afterAll(async () => sandbox?.cleanup());
afterEach(async () => {
  for (const t of terminals.splice(0)) t.dispose();
  await fake?.close();
});

function open(args: string[], cwd: string): CliTerminal {
  const t = new CliTerminal(args, { cwd, env: sandbox.env(fake.url) });
  terminals.push(t);
  return t;
}

async function detach(term: CliTerminal): Promise<number> {
  term.type("\x03");
  await term.waitForText("Press Ctrl-C again to detach");
  term.type("\x03");
  return (await term.exited).exitCode;
}

describe("berth attach", () => {
  it("joins a session waiting for permission and answers it with feedback", async () => {
    const project = sandbox.project();
    const target = join(project, "notes.txt");
    fake = await startFakeAnthropic();
    fake.enqueue(
      turn(text("Writing the notes now."), toolUse("Write", { file_path: target, content: "notes\n" })),
      turn(text("Understood, I left the file alone.")),
    );

    const first = open([], project);
    await first.waitForText("Do you trust the files in");
    first.type("y");
    const sessionId = /session ([0-9a-f-]{36})/.exec(await first.waitForText(/session [0-9a-f-]{36}/))![1]!;
    await first.waitForText(/^›$/m);
    first.type("write my notes\r");
    await first.waitForText("Permission needed: Write");

    const second = open(["attach", sessionId], project);
    // The whole history so far, then the same pending question.
    const replay = await second.waitForText("[n] deny and tell the model");
    expect(replay).toContain(`attached to ${sessionId}`);
    expect(replay).toContain("› write my notes");
    expect(replay).toContain("Writing the notes now.");
    expect(replay).toContain("Permission needed: Write");

    second.type("n");
    await second.waitForText("Tell the model what to do instead");
    second.type("keep them in my head\r");

    // Both terminals see the answer and the rest of the turn.
    for (const term of [first, second]) {
      await term.waitForText("✗ denied: keep them in my head");
      await term.waitForText("Understood, I left the file alone.");
    }
    expect(existsSync(target)).toBe(false);
    // The first terminal's prompt is no longer a question: `y` now would be typed text.
    await first.waitForText(/^›$/m);

    // The model read the denial, with the user's words, as the Write's result.
    expect(fake.requests).toHaveLength(2);
    const [result] = toolResults(fake.requests[1]!);
    expect(result?.isError).toBe(true);
    expect(result?.text).toContain("keep them in my head");

    expect(await detach(second)).toBe(0);
    expect(await detach(first)).toBe(0);
  });
});
