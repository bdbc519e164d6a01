// `berth` in a real terminal: a prompt, a permission question answered with one key, the
// result on screen, on disk and in the store, then Ctrl-C twice detaches and the session
// lives on in the daemon.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { berthPaths } from "@berth/protocol";
import { openStore } from "@berth/store";
import { type FakeAnthropic, text, toolUse, turn } from "@berth/testkit";
import { describe, expect, it } from "vitest";
import { runCli, stopDaemon } from "./support/cli";
import { ptySuite } from "./support/pty-suite";

const suite = ptySuite();
let fake: FakeAnthropic;

const SESSION_ID = /session ([0-9a-f-]{36})/;

describe("interactive berth in a pty", () => {
  it("asks before writing, writes on `y`, stores the turn, and detaches on Ctrl-C twice", async () => {
    const project = suite.sandbox.project();
    const target = join(project, "hello.txt");
    fake = await suite.fake();
    fake.enqueue(
      turn(
        text("I'll create the file."),
        toolUse("Write", { file_path: target, content: "hi from berth\n" }),
      ),
      turn(text("Created hello.txt with a greeting.")),
    );
    const term = suite.open([], project);
    // First run in a folder: Berth asks whether to trust it.
    await term.waitForText("Do you trust the files in");
    term.type("y");
    const banner = await term.waitForText(SESSION_ID);
    const sessionId = SESSION_ID.exec(banner)![1]!;
    await term.waitForText(/^›$/m);

    term.type("please write hello.txt\r");
    await term.waitForText("Permission needed: Write");
    await term.waitForText("[y] allow once");
    expect(existsSync(target)).toBe(false);

    term.type("y");
    const screen = await term.waitForText(
      /Created hello\.txt with a greeting\.\n\(\d+\.\d+s · \d+ in \/ \d+ out/,
    );
    expect(screen).toContain("✓ allow once");
    // The prompt shows once: typed, then replaced by the session's own record of it.
    expect(term.count("› please write hello.txt")).toBe(1);
    expect(readFileSync(target, "utf8")).toBe("hi from berth\n");
    // The model got the tool result of the write it asked for.
    expect(fake.requests).toHaveLength(2);
    expect(JSON.stringify(fake.requests[1]?.body?.messages?.at(-1))).toContain("tool_result");

    term.type("\x03");
    await term.waitForText("Press Ctrl-C again to detach");
    term.type("\x03");
    const { exitCode } = await term.exited;
    expect(exitCode).toBe(0);
    const after = term.screenText();
    expect(after).toContain(`berth attach ${sessionId}`);
    expect(after).not.toContain("Lost the connection");

    // The daemon kept the session: listed as live, with the whole turn stored.
    const listed = await runCli(["sessions", "--json"], { cwd: project, env: suite.sandbox.env(fake.url) });
    expect(listed.code).toBe(0);
    const sessions = JSON.parse(listed.stdout) as Array<{ id: string; live: boolean; firstPrompt: string }>;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ id: sessionId, live: true, firstPrompt: "please write hello.txt" });

    const store = openStore({ path: berthPaths(suite.sandbox.home).db });
    try {
      const roles = store.loadHistory(sessionId).map((m) => m.role);
      expect(roles).toEqual(["user", "assistant", "user", "assistant"]);
      const decisions = store.listDecisions({ limit: 10 });
      expect(decisions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ tool: "Write", outcome: expect.stringMatching(/allow_once/) }),
        ]),
      );
    } finally {
      store.close();
    }

    // Another terminal picks the conversation up where it was left.
    fake.enqueue(turn(text("You're welcome.")));
    const again = suite.open(["attach", sessionId], project);
    await again.waitForText("Created hello.txt with a greeting.");
    await again.waitForText(/^›$/m);
    again.type("thanks\r");
    await again.waitForText("You're welcome.");
    expect(fake.requests[2]?.body?.messages).toHaveLength(5);
    again.type("\x03");
    await again.waitForText("Press Ctrl-C again to detach");
    again.type("\x03");
    expect((await again.exited).exitCode).toBe(0);
  });

  it("interrupts a running turn on Ctrl-C and takes the next message", async () => {
    const project = suite.sandbox.project();
    fake = await suite.fake();
    // The first reply would take 30 s: long enough that only an interrupt ends it.
    fake.enqueue({ content: [text("a very slow answer")], delayMs: 30_000 }, turn(text("Fresh answer.")));
    const term = suite.open([], project);
    await term.waitForText("Do you trust the files in");
    term.type("n");
    await term.waitForText(/^›$/m);

    term.type("take your time\r");
    await term.waitForText(/Thinking… \(\d+s · ctrl-c to interrupt\)/);
    term.type("\x03");
    await term.waitForText("Interrupted: ");
    await term.waitForText(/^›$/m);
    expect(term.screenText()).not.toContain("a very slow answer");

    term.type("again please\r");
    await term.waitForText("Fresh answer.");
    // The model sees the interrupted exchange, closed properly, before the new message.
    const last = fake.requests.at(-1)?.body?.messages ?? [];
    expect(JSON.stringify(last)).toContain("[Request interrupted by user]");
    expect(JSON.stringify(last.at(-1))).toContain("again please");

    term.type("\x03");
    await term.waitForText("Press Ctrl-C again to detach");
    term.type("\x03");
    expect((await term.exited).exitCode).toBe(0);
  });

  // Last in this file: it stops the file's daemon (the next test would start a new one).
  it("says so and exits non-zero when the daemon goes away", async () => {
    const project = suite.sandbox.project();
    fake = await suite.fake();
    const term = suite.open([], project);
    await term.waitForText("Do you trust the files in");
    term.type("n");
    await term.waitForText(/^›$/m);
    await stopDaemon(suite.sandbox.home);
    await term.waitForText("Lost the connection to the Berth daemon.");
    expect((await term.exited).exitCode).toBe(1);
  });
});
