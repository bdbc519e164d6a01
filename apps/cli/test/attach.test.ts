// Two terminals on one session: the second attaches while the first waits at a permission
// prompt, sees the history and the same question, and answers it; both show the outcome.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type FakeAnthropic, text, toolResults, toolUse, turn } from "@berth/testkit";
import { describe, expect, it } from "vitest";
import type { CliTerminal } from "./support/terminal";
import { ptySuite } from "./support/pty-suite";

const suite = ptySuite();
let fake: FakeAnthropic;

async function detach(term: CliTerminal): Promise<number> {
  term.type("\x03");
  await term.waitForText("Press Ctrl-C again to detach");
  term.type("\x03");
  return (await term.exited).exitCode;
}

describe("berth attach", () => {
  it("joins a session waiting for permission and answers it with feedback", async () => {
    const project = suite.sandbox.project();
    const target = join(project, "notes.txt");
    fake = await suite.fake();
    fake.enqueue(
      turn(text("Writing the notes now."), toolUse("Write", { file_path: target, content: "notes\n" })),
      turn(text("Understood, I left the file alone.")),
    );

    const first = suite.open([], project);
    await first.waitForText("Do you trust the files in");
    first.type("y");
    const sessionId = /session ([0-9a-f-]{36})/.exec(await first.waitForText(/session [0-9a-f-]{36}/))![1]!;
    await first.waitForText(/^›$/m);
    first.type("write my notes\r");
    await first.waitForText("Permission needed: Write");

    const second = suite.open(["attach", sessionId], project);
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
