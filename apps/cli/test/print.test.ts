// `berth -p`: non-interactive runs in the documented SDK output shapes, through the real
// daemon (one per file, started on first use) and a fake model per test.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  apiError,
  type FakeAnthropic,
  lastUserText,
  startFakeAnthropic,
  text,
  toolUse,
  turn,
  waitFor,
} from "@berth/testkit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeSandbox, runCli, type Sandbox } from "./support/cli";
import { ensureBuilt } from "./support/paths";

let sandbox: Sandbox;
let fake: FakeAnthropic;
let project: string;

beforeAll(async () => {
  await ensureBuilt();
  sandbox = makeSandbox();
}, 120_000);
afterAll(async () => sandbox?.cleanup());
beforeEach(async () => {
  fake = await startFakeAnthropic();
  project = sandbox.project();
});
afterEach(async () => fake.close());

const berth = (args: string[], input?: string, env = sandbox.env(fake.url)) =>
  runCli(args, { cwd: project, env, ...(input !== undefined ? { input } : {}) });

const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown> & { type: string; subtype?: string });

describe("berth -p", () => {
  it("prints the answer in text mode", async () => {
    fake.enqueue(turn(text("The answer is 42.")));
    const run = await berth(["-p", "what is the answer?"]);
    expect(run).toMatchObject({ code: 0, stdout: "The answer is 42.\n" });
    expect(lastUserText(fake.requests[0]!)).toBe("what is the answer?");
    // It closed its session on the way out, though it did not wait for the daemon's answer.
    await waitFor(
      async () => JSON.parse((await berth(["daemon", "status", "--json"])).stdout).liveSessions === 0,
      { timeoutMs: 10_000, intervalMs: 100, description: "the -p session to be closed" },
    );
  });

  it("reads the prompt from stdin", async () => {
    fake.enqueue(turn(text("Summarised.")));
    const run = await berth(["-p"], "please summarise this piped text\n");
    expect(run).toMatchObject({ code: 0, stdout: "Summarised.\n" });
    expect(lastUserText(fake.requests[0]!)).toBe("please summarise this piped text");
  });

  it("reads stdin that is a file at once, and takes /dev/null as no extra input", async () => {
    const notes = join(project, "notes.md");
    writeFileSync(notes, "notes from a file\n");
    fake.enqueue(turn(text("From the file.")), turn(text("Nothing piped.")));
    const fromFile = await runCli(["-p", "summarise"], {
      cwd: project,
      env: sandbox.env(fake.url),
      stdinFile: notes,
    });
    expect(fromFile).toMatchObject({ code: 0, stdout: "From the file.\n" });
    expect(lastUserText(fake.requests[0]!)).toBe("summarise\n\nnotes from a file");
    const devNull = await runCli(["-p", "hello"], {
      cwd: project,
      env: sandbox.env(fake.url),
      stdinFile: "/dev/null",
    });
    expect(devNull).toMatchObject({ code: 0, stdout: "Nothing piped.\n" });
    expect(lastUserText(fake.requests[1]!)).toBe("hello");
  });

  it("reports a json result, with the Write it could not ask about as a denial", async () => {
    const target = join(project, "out.txt");
    fake.enqueue(
      turn(toolUse("Write", { file_path: target, content: "x" })),
      turn(text("I could not write the file.")),
    );
    const run = await berth(["-p", "write out.txt", "--output-format", "json"]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      type: "result",
      subtype: "success",
      is_error: false,
      num_turns: 2,
      result: "I could not write the file.",
      session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      permission_denials: [{ tool_name: "Write", tool_input: { file_path: target, content: "x" } }],
    });
    expect(result.usage.input_tokens).toBeGreaterThan(0);
    expect(result.usage.output_tokens).toBeGreaterThan(0);
    expect(result.total_cost_usd).toBeGreaterThan(0);
    expect(existsSync(target)).toBe(false);
    // The model was told why, in words it can act on.
    expect(JSON.stringify(fake.requests[1]?.body?.messages?.at(-1))).toMatch(/print mode/);
  });

  it("streams system/init, assistant and user messages, then the result", async () => {
    writeFileSync(join(project, "a.txt"), "alpha\n");
    fake.enqueue(
      turn(text("Reading."), toolUse("Read", { file_path: join(project, "a.txt") })),
      turn(text("It says alpha.")),
    );
    const run = await berth(["-p", "read a.txt", "--output-format", "stream-json", "--verbose"]);
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines.map((l) => l.type)).toEqual(["system", "assistant", "user", "assistant", "result"]);
    const [init, , user, , result] = lines;
    expect(init).toMatchObject({
      subtype: "init",
      cwd: project,
      tools: expect.arrayContaining(["Read", "Write"]),
    });
    expect(user).toMatchObject({ message: { content: [{ type: "tool_result", is_error: false }] } });
    expect(JSON.stringify(user)).toContain("alpha");
    expect(result).toMatchObject({ subtype: "success", result: "It says alpha.", num_turns: 2 });
    expect(new Set(lines.map((l) => l.session_id)).size).toBe(1);
  });

  it("runs one turn per stream-json input line, in one session", async () => {
    fake.enqueue(turn(text("first reply")), turn(text("second reply")));
    const input = ["first question", "second question"]
      .map((q) => JSON.stringify({ type: "user", message: { role: "user", content: q } }))
      .join("\n");
    const run = await berth(
      ["-p", "--input-format", "stream-json", "--output-format", "stream-json"],
      `${input}\n`,
    );
    expect(run.code).toBe(0);
    const results = jsonLines(run.stdout).filter((l) => l.type === "result");
    expect(results.map((r) => r.result)).toEqual(["first reply", "second reply"]);
    expect(results[0]?.session_id).toBe(results[1]?.session_id);
    // The second request carries the first exchange: same conversation.
    expect(fake.requests[1]?.body?.messages).toHaveLength(3);
  });

  it("stops at --max-turns and says so", async () => {
    writeFileSync(join(project, "a.txt"), "alpha\n");
    fake.enqueue(turn(toolUse("Read", { file_path: join(project, "a.txt") })), turn(text("never sent")));
    const run = await berth(["-p", "read forever", "--max-turns", "1", "--output-format", "json"]);
    expect(run.code).not.toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      subtype: "error_max_turns",
      is_error: true,
      num_turns: 1,
    });
    expect(fake.requests).toHaveLength(1);
  });

  it("rejects a stream-json input line that is not a user message", async () => {
    const run = await berth(
      ["-p", "--input-format", "stream-json", "--output-format", "stream-json"],
      "not json\n",
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("stdin line 1 is not valid JSON");
    expect(fake.requests).toHaveLength(0);
  });

  it("fails with a clear message and a non-zero exit on an API error", async () => {
    fake.enqueue(apiError(401));
    const run = await berth(["-p", "hello"]);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe("");
    // Which credential failed and what to check, not a stack trace.
    expect(run.stderr).toMatch(/^berth: .*401/m);
    expect(run.stderr).toContain("ANTHROPIC_API_KEY");
    const json = await berth(["-p", "hello", "--output-format", "json"]);
    expect(json.code).not.toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ is_error: true, subtype: "error_during_execution" });
  });

  it("explains how to get credentials when there are none", async () => {
    const env = sandbox.env(); // no ANTHROPIC_API_KEY
    const run = await berth(["-p", "hello"], undefined, env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("ANTHROPIC_API_KEY");
    expect(run.stderr).toMatch(/demo/);
    expect(fake.requests).toHaveLength(0);
  });
});
