// `/memory`, `/hooks`, `# note` and `/init` in a real terminal against a real daemon.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type FakeAnthropic, lastUserText, text, toolUse, turn } from "@berth/testkit";
import { describe, expect, it } from "vitest";
import { ptySuite } from "./support/pty-suite";

const suite = ptySuite();
let fake: FakeAnthropic;

describe("project context commands in a pty", () => {
  it("lists memory and hooks, saves a # note to the picked file, and /init proposes a CLAUDE.md edit", async () => {
    const project = suite.sandbox.project();
    writeFileSync(join(project, "CLAUDE.md"), "Run tests with pnpm test.\n");
    mkdirSync(join(project, ".claude"), { recursive: true });
    writeFileSync(
      join(project, ".claude", "settings.json"),
      JSON.stringify({
        hooks: { PostToolUse: [{ matcher: "Write|Edit", hooks: [{ type: "command", command: "true" }] }] },
      }),
    );
    fake = await suite.fake();
    fake.enqueue(
      turn(text("Hello.")),
      turn(toolUse("Write", { file_path: join(project, "CLAUDE.md"), content: "# Project\n" })),
      turn(text("Wrote it.")),
    );
    const term = suite.open([], project);
    await term.waitForText("Do you trust the files in");
    term.type("y");
    await term.waitForText(/^›$/m);
    term.type("hi\r");
    await term.waitForText("Hello.");

    term.type("/memory\r");
    await term.waitForText(/1\. .*CLAUDE\.md \(project, 2 lines\)/);
    term.type("/hooks\r");
    await term.waitForText(/PostToolUse \[Write\|Edit\] true from .*settings\.json/);

    term.type("# always use pnpm\r");
    await term.waitForText("[2] CLAUDE.local.md");
    term.type("2\r");
    await term.waitForText("Saved to");
    expect(readFileSync(join(project, "CLAUDE.local.md"), "utf8")).toBe("- always use pnpm\n");

    term.type("/init\r");
    await term.waitForText("Permission needed: Write");
    expect(lastUserText(fake.requests.at(-1)!)).toContain("create a CLAUDE.md file");
    expect(JSON.stringify(fake.requests.at(-1)?.body?.system)).toContain("always use pnpm");
  });
});
