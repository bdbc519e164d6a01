// Hooks as real teams write them (commands from ../shared/corpora/real-configs: jq guards, the
// trailing-newline formatter, prompt context), run for real by a daemon session with the fake model.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { lastToolResult, lastUserText, text, toolUse, turn, waitFor } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type EventRecorder, openSession, startTestDaemon, type TestDaemon } from "./harness";

const hasJq = (() => {
  try {
    execFileSync("jq", ["--version"]);
    return true;
  } catch {
    return false;
  }
})();

let t: TestDaemon;
afterEach(async () => t?.stop());

const cmd = (command: string) => [{ type: "command", command }];

function projectHooks(hooks: object, extra: object = {}): void {
  mkdirSync(join(t.project, ".claude"), { recursive: true });
  writeFileSync(join(t.project, ".claude", "settings.json"), JSON.stringify({ hooks, ...extra }, null, 2));
}

async function trusted(extra: Record<string, unknown> = {}) {
  const conn = await t.connect();
  await conn.request("trust/set", { cwd: t.project, trusted: true });
  return openSession(t, conn, extra);
}

async function turnDone(rec: EventRecorder, turnId: string) {
  for (;;) {
    const done = rec.events.find((n) => n.event.type === "turn_completed" && n.event.turnId === turnId);
    if (done) return done.event;
    await rec.next("turn_completed", 30_000);
  }
}

// From the corpus (thkt/claude-config): give a written file its missing final newline.
const FORMATTER = `FILE_PATH=$(jq -r '.tool_input.file_path') && [ -n "$(tail -c1 "$FILE_PATH")" ] && echo >> "$FILE_PATH"`;
// The corpus's guard shape: read the command with jq, exit 2 with a reason on stderr.
const GUARD = `CMD=$(jq -r '.tool_input.command // empty'); echo "$CMD" | grep -qE 'rm -rf' && { echo "BLOCKED: rm -rf is not allowed here" >&2; exit 2; }; exit 0`;

describe.skipIf(!hasJq)("hooks in a live session (needs jq)", () => {
  it("blocks with a jq guard, formats after Write, adds prompt context, without model credentials", async () => {
    t = await startTestDaemon();
    projectHooks({
      PreToolUse: [{ matcher: "Bash", hooks: cmd(GUARD) }],
      PostToolUse: [
        { matcher: "Write", hooks: cmd(FORMATTER) },
        { matcher: "Write", hooks: cmd(`env > "$CLAUDE_PROJECT_DIR/hook-env"`) },
      ],
      UserPromptSubmit: [{ hooks: cmd("echo 'Sprint goal: ship hooks'") }],
    });
    const { view, rec } = await trusted({ permissionMode: "acceptEdits" });
    const file = join(t.project, "notes.txt");
    t.fake.enqueue(
      turn(toolUse("Bash", { command: "rm -rf build" })),
      turn(toolUse("Write", { file_path: file, content: "no newline" })),
      turn(text("done")),
    );
    const { turnId } = await view.send("clean up and write notes");
    await turnDone(rec, turnId);

    const [first, second, third] = t.fake.requests;
    expect(lastUserText(first!)).toContain("Sprint goal: ship hooks");
    const blocked = lastToolResult(second!);
    expect(blocked?.isError).toBe(true);
    expect(blocked?.text).toContain("BLOCKED: rm -rf is not allowed here");
    expect(lastToolResult(third!)?.isError).toBe(false);
    expect(readFileSync(file, "utf8")).toBe("no newline\n");

    const env = readFileSync(join(t.project, "hook-env"), "utf8");
    expect(env).toContain(`CLAUDE_PROJECT_DIR=${t.project}`);
    expect(env).not.toMatch(/ANTHROPIC_API_KEY|test-key/);
    const runs = rec.events.map((n) => n.event).filter((e) => e.type === "hook_run");
    expect(runs.map((r) => r.type === "hook_run" && [r.event, r.exitCode])).toEqual(
      expect.arrayContaining([
        ["UserPromptSubmit", 0],
        ["PreToolUse", 2],
        ["PostToolUse", 0],
      ]),
    );
  });

  it("rewrites input and skips the default prompt, but an ask rule still asks", async () => {
    t = await startTestDaemon();
    const rewrite = `jq -c '{hookSpecificOutput: {hookEventName: "PreToolUse", permissionDecision: "allow", permissionDecisionReason: "team hook", updatedInput: {command: (.tool_input.command | sub("hello"; "rewritten"))}}}'`;
    projectHooks(
      {
        PreToolUse: [{ matcher: "Bash", hooks: cmd(rewrite) }],
        Notification: [
          { matcher: "permission_prompt", hooks: cmd(`jq -r .message > "$CLAUDE_PROJECT_DIR/notified"`) },
        ],
      },
      { permissions: { ask: ["Bash(touch *)"] } },
    );
    const { view, rec } = await trusted();
    t.fake.enqueue(turn(toolUse("Bash", { command: "echo hello > out.txt" })), turn(text("ok")));
    const first = await view.send("write");
    await turnDone(rec, first.turnId);
    expect(readFileSync(join(t.project, "out.txt"), "utf8").trim()).toBe("rewritten");
    expect(rec.types()).not.toContain("permission_request");

    t.fake.enqueue(turn(toolUse("Bash", { command: "touch made" })), turn(text("ok")));
    await view.send("touch");
    const ask = await rec.waitFor("permission_request", 20_000);
    expect(ask.request.tool).toBe("Bash");
    // The notifier ran for the prompt (a Notification hook with the permission_prompt matcher).
    const notified = join(t.project, "notified");
    await waitFor(() => existsSync(notified) && readFileSync(notified, "utf8").includes("Bash"), {
      timeoutMs: 20_000,
      description: "the Notification hook",
    });
    await view.respond(ask.request, "deny");
    await rec.next("turn_completed", 20_000);
    expect(existsSync(join(t.project, "made"))).toBe(false);
  });

  it("keeps the model going once when a Stop hook blocks, using stop_hook_active", async () => {
    t = await startTestDaemon();
    projectHooks({
      Stop: [
        {
          hooks: cmd(
            `jq -e '.stop_hook_active' >/dev/null && exit 0; echo 'Run the tests before stopping.' >&2; exit 2`,
          ),
        },
      ],
    });
    const { view, rec } = await trusted();
    t.fake.enqueue(turn(text("all done")), turn(text("tests pass, done")));
    const { turnId } = await view.send("finish");
    const done = await turnDone(rec, turnId);
    expect(t.fake.requests).toHaveLength(2);
    expect(lastUserText(t.fake.requests[1]!)).toContain("Run the tests before stopping.");
    expect(done.type === "turn_completed" && done.result).toBe("tests pass, done");
  });

  it("never runs an untrusted project's hooks, in print mode only with --trust-workspace", async () => {
    t = await startTestDaemon();
    projectHooks({ UserPromptSubmit: [{ hooks: cmd(`touch "$CLAUDE_PROJECT_DIR/ran"`) }] });
    const conn = await t.connect();
    const untrusted = await openSession(t, conn, { interactive: false });
    t.fake.enqueue(turn(text("hi")));
    await turnDone(untrusted.rec, (await untrusted.view.send("hello")).turnId);
    expect(existsSync(join(t.project, "ran"))).toBe(false);

    const trustedPrint = await openSession(t, conn, { interactive: false, trustWorkspace: true });
    t.fake.enqueue(turn(text("hi")));
    await turnDone(trustedPrint.rec, (await trustedPrint.view.send("hello")).turnId);
    expect(existsSync(join(t.project, "ran"))).toBe(true);
  });

  it("blocks a prompt from UserPromptSubmit: erased, the reason to the user only", async () => {
    t = await startTestDaemon({
      managedSettings: {
        hooks: {
          UserPromptSubmit: [
            {
              hooks: cmd(
                `jq -r .prompt | grep -q password && { echo 'No secrets in prompts.' >&2; exit 2; }; exit 0`,
              ),
            },
          ],
        },
      },
    });
    const { view, rec } = await openSession(t, await t.connect());
    const { turnId } = await view.send("my password is hunter2");
    const done = await turnDone(rec, turnId);
    expect(done.type === "turn_completed" && done.stopReason).toBe("blocked_by_hook");
    expect(t.fake.requests).toHaveLength(0);
    // Erased: the prompt is in no event (and so not in the stored log).
    expect(JSON.stringify(rec.events)).not.toContain("hunter2");
    const notices = rec.events.map((n) => n.event).filter((e) => e.type === "notice");
    expect(notices.map((n) => n.type === "notice" && n.message).join("\n")).toContain(
      "No secrets in prompts.",
    );
  });

  it("applies a removed hook at once, but runs an added one only after the user accepts it", async () => {
    t = await startTestDaemon();
    const marker = (name: string) => join(t.project, name);
    projectHooks({ UserPromptSubmit: [{ hooks: cmd(`touch "$CLAUDE_PROJECT_DIR/a"`) }] });
    const { session, view, rec } = await trusted();
    const prompt = async () => {
      t.fake.enqueue(turn(text("ok")));
      await turnDone(rec, (await view.send("go")).turnId);
    };
    await prompt();
    expect(existsSync(marker("a"))).toBe(true);
    rmSync(marker("a"));

    projectHooks({ UserPromptSubmit: [{ hooks: cmd(`touch "$CLAUDE_PROJECT_DIR/b"`) }] });
    await waitFor(
      () => rec.events.some((n) => n.event.type === "notice" && n.event.message.includes("/hooks accept")),
      { timeoutMs: 20_000, description: "the review notice" },
    );
    await prompt();
    expect(existsSync(marker("a"))).toBe(false);
    expect(existsSync(marker("b"))).toBe(false);

    const conn = await t.connect();
    const listed = await conn.request("context/hooks", { sessionId: session.id });
    expect(listed.pending.map((h) => h.command)).toEqual([`touch "$CLAUDE_PROJECT_DIR/b"`]);
    expect((await conn.request("context/acceptHooks", { sessionId: session.id })).accepted).toBe(1);
    await prompt();
    expect(existsSync(marker("b"))).toBe(true);
  });
});
