// `/cost` in an interactive session (a real pty): this session, today, this month, and the
// spend limits that apply with what has been spent against each.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type FakeAnthropic, startFakeAnthropic, text, turn } from "@berth/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, type Sandbox } from "./support/cli";
import { ensureBuilt } from "./support/paths";
import { CliTerminal } from "./support/terminal";

let sandbox: Sandbox;
let fake: FakeAnthropic;
let term: CliTerminal | undefined;

beforeAll(async () => {
  await ensureBuilt();
  sandbox = makeSandbox();
  fake = await startFakeAnthropic();
}, 120_000);
afterAll(async () => {
  term?.dispose();
  await fake?.close();
  await sandbox?.cleanup();
});

describe("/cost", () => {
  it("shows the session's cost, today's and this month's, and the daily limit from the user settings", async () => {
    mkdirSync(sandbox.home, { recursive: true, mode: 0o700 });
    const userSettings = join(sandbox.home, "settings.json");
    writeFileSync(userSettings, JSON.stringify({ spendLimits: { dailyUsd: 5 } }));
    fake.enqueue({ ...turn(text("Priced answer.")), usage: { input_tokens: 100_000, output_tokens: 0 } });
    term = new CliTerminal(["--model", "claude-sonnet-4-5-20250929"], {
      cwd: sandbox.project(),
      env: sandbox.env(fake.url),
    });
    await term.waitForText("Do you trust the files in");
    term.type("n");
    await term.waitForText(/^›$/m);
    term.type("what does it cost?\r");
    await term.waitForText("Priced answer.");
    await term.waitForText(/^›$/m);
    term.type("/cost\r");
    const screen = await term.waitForText(/dailyUsd +\$0\.30 of \$5\.00 \(6%\)/);
    expect(screen).toMatch(/this session +\$0\.30 +1 requests · 100,000 in \/ 0 out/);
    expect(screen).toMatch(/today +\$0\.30/);
    expect(screen).toMatch(/this month +\$0\.30/);
    expect(screen).toContain(`set in ${userSettings}`);
  }, 120_000);
});
