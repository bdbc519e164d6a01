// The loop with the real built-in tools on a real temp directory: a file actually read, a shell
// command actually killed on interrupt.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { lastToolResult, text, toolUse, turn, waitFor } from "@berth/testkit";
import { builtinTools, createShellSession, type ShellSession } from "@berth/tools";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./test-support.js";

let h: Harness;
let shell: ShellSession | undefined;
afterEach(async () => {
  await shell?.dispose();
  shell = undefined;
  await h?.close();
});

describe("with the built-in tools", () => {
  it("reads a real file and feeds its content back to the model", async () => {
    h = await startHarness({ tools: builtinTools() });
    const file = join(h.dir.path, "notes.txt");
    writeFileSync(file, "alpha\nbeta\n");
    h.fake.enqueue(
      turn(text("Reading."), toolUse("Read", { file_path: file }, "toolu_read")),
      turn(text("Two lines.")),
    );

    const outcome = await h.session.runTurn("what is in notes.txt?", "t1");

    expect(outcome).toMatchObject({ status: "completed", result: "Two lines.", numRequests: 2 });
    const result = lastToolResult(h.fake.requests[1]!);
    expect(result).toMatchObject({ toolUseId: "toolu_read", isError: false });
    expect(result?.text).toContain("alpha");
    expect(result?.text).toContain("beta");
    expect(h.gateCalls).toEqual([
      { toolUseId: "toolu_read", name: "Read", input: { file_path: file }, turnId: "t1" },
    ]);
    // Every built-in tool is offered to the model with its JSON schema.
    const offered = h.fake.requests[0]?.body?.tools?.map((tool) => tool.name);
    expect(offered).toEqual(builtinTools().map((tool) => tool.name));
  });

  it("interrupting `sleep 5` kills it promptly and the next turn is well-formed", async () => {
    h = await startHarness({
      tools: builtinTools(),
      context: {
        shell: () => {
          shell ??= createShellSession({ cwd: h.dir.path });
          return shell;
        },
      },
    });
    h.fake.enqueue(turn(toolUse("Bash", { command: "sleep 5" }, "toolu_sleep")));

    const started = Date.now();
    const running = h.session.runTurn("wait a bit", "t1");
    await waitFor(() => h.of("tool_use").length === 1);
    // Let the command actually start in the shell before pulling the plug.
    await new Promise((resolve) => setTimeout(resolve, 300));
    h.session.interrupt("user pressed Esc");
    const outcome = await running;

    expect(outcome.status).toBe("interrupted");
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(h.of("tool_result")).toMatchObject([{ toolUseId: "toolu_sleep", isError: true }]);

    h.fake.enqueue(turn(text("ok")));
    const next = await h.session.runTurn("never mind", "t2");
    expect(next.status).toBe("completed");
    const messages = h.fake.requests.at(-1)?.body?.messages ?? [];
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "user"]);
    expect(messages[2]?.content).toMatchObject([
      { type: "tool_result", tool_use_id: "toolu_sleep", is_error: true, content: "Interrupted by user" },
      { type: "text", text: "[Request interrupted by user]" },
    ]);
  });

  it("a command's output streams as tool_output_delta events", async () => {
    h = await startHarness({
      tools: builtinTools(),
      context: {
        shell: () => {
          shell ??= createShellSession({ cwd: h.dir.path });
          return shell;
        },
      },
    });
    h.fake.enqueue(
      turn(toolUse("Bash", { command: "echo hello-from-bash" }, "toolu_echo")),
      turn(text("done")),
    );

    await h.session.runTurn("say hello", "t1");

    const streamed = h
      .of("tool_output_delta")
      .map((e) => e.chunk)
      .join("");
    expect(streamed).toContain("hello-from-bash");
    expect(lastToolResult(h.fake.requests[1]!)?.text).toContain("hello-from-bash");
  });
});
