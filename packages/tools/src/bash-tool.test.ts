import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeContext, tempDir } from "./test-helpers.js";
import { bashTool } from "./tools/bash.js";

describe("Bash tool", () => {
  it("runs commands in a persistent shell and streams output", async () => {
    const dir = tempDir();
    const ctx = makeContext(dir);
    const r = await bashTool.execute(
      { command: "mkdir -p sub && cd sub && echo hi", description: "Make a folder" },
      ctx,
    );
    expect(r).toMatchObject({
      content: "hi",
      display: { exitCode: 0, cwd: join(dir, "sub"), description: "Make a folder" },
    });
    expect(ctx.chunks.join("")).toBe("hi\n");
    expect((await bashTool.execute({ command: "pwd" }, ctx)).content).toBe(join(dir, "sub"));
    expect((await bashTool.execute({ command: "true" }, ctx)).content).toBe(
      "(Command completed with no output)",
    );
  });

  it("reports failures with the exit code; exit 1 of grep is an answer, not an error", async () => {
    const ctx = makeContext(tempDir());
    const fail = await bashTool.execute(
      { command: "echo oops >&2; exit_with() { return $1; }; exit_with 4" },
      ctx,
    );
    expect(fail).toMatchObject({ isError: true, content: "oops\n\nExit code 4" });
    const grep = await bashTool.execute({ command: "echo abc | grep xyz" }, ctx);
    expect(grep.isError).toBeUndefined();
    expect(grep.content).toBe("Exit code 1");
  });

  it("times out, using BASH_DEFAULT_TIMEOUT_MS from the session env", async () => {
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", BASH_DEFAULT_TIMEOUT_MS: "400" };
    const ctx = makeContext(tempDir(), { env });
    const started = Date.now();
    const r = await bashTool.execute({ command: "echo start; sleep 30" }, ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/^start\n\nCommand timed out after 400 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await bashTool.execute({ command: "echo next", timeout: 5000 }, ctx)).content).toBe("next");
  });

  it("truncates long output to BASH_MAX_OUTPUT_LENGTH", async () => {
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", BASH_MAX_OUTPUT_LENGTH: "1000" };
    const r = await bashTool.execute({ command: "seq 1 100000" }, makeContext(tempDir(), { env }));
    expect(r.content.length).toBeLessThanOrEqual(1000);
    expect(r.content).toMatch(/^1\n2\n[\s\S]*characters truncated[\s\S]*\n100000$/);
  });

  it("is interrupted by the session's AbortSignal", async () => {
    const controller = new AbortController();
    const ctx = makeContext(tempDir(), { controller });
    setTimeout(() => controller.abort(), 300);
    const r = await bashTool.execute({ command: "sleep 30" }, ctx);
    expect(r).toMatchObject({
      isError: true,
      content: "Command was interrupted by the user.",
      display: { interrupted: true },
    });
  });

  it("refuses background runs and invalid input", async () => {
    const ctx = makeContext(tempDir());
    expect(await bashTool.execute({ command: "sleep 1", run_in_background: true }, ctx)).toMatchObject({
      isError: true,
      content: expect.stringContaining("not supported yet"),
    });
    expect(await bashTool.execute({ command: "ls", timeout: 10_000_000 }, ctx)).toMatchObject({
      isError: true,
      content: expect.stringContaining("timeout"),
    });
  });
});
