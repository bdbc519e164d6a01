import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseToolInput } from "./define.js";
import { makeContext, tempDir } from "./test-helpers.js";
import { lsTool } from "./tools/ls.js";
import { todoWriteTool } from "./tools/todo-write.js";

describe("LS", () => {
  it("prints an indented tree, hiding .git and not expanding node_modules", async () => {
    const dir = tempDir();
    for (const d of ["src/util", ".git/objects", "node_modules/pkg"])
      mkdirSync(join(dir, d), { recursive: true });
    for (const f of ["src/index.ts", "src/util/x.ts", "README.md", "app.log", "node_modules/pkg/i.js"])
      writeFileSync(join(dir, f), "");
    const r = await lsTool.execute({ path: dir, ignore: ["*.log"] }, makeContext(dir));
    expect(r.content).toBe(
      [
        `- ${dir}/`,
        "  - README.md",
        "  - node_modules/",
        "  - src/",
        "    - index.ts",
        "    - util/",
        "      - x.ts",
      ].join("\n"),
    );
  });

  it("refuses files and missing directories", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "f"), "");
    expect(await lsTool.execute({ path: join(dir, "f") }, makeContext(dir))).toMatchObject({ isError: true });
    expect(await lsTool.execute({ path: join(dir, "missing") }, makeContext(dir))).toMatchObject({
      isError: true,
      content: expect.stringContaining("Directory does not exist"),
    });
  });
});

describe("TodoWrite", () => {
  it("replaces the session's todo list", async () => {
    const ctx = makeContext(tempDir());
    const todos = [
      { content: "Run tests", status: "in_progress" as const, activeForm: "Running tests" },
      { content: "Fix bug", status: "pending" as const, activeForm: "Fixing bug" },
    ];
    const r = await todoWriteTool.execute({ todos }, ctx);
    expect(r.content).toContain("Todos have been modified successfully");
    expect(ctx.todos.get()).toEqual(todos);
    expect((r.display as { oldTodos: unknown[] }).oldTodos).toEqual([]);
  });

  it("rejects malformed items with a clear message", () => {
    const result = parseToolInput(todoWriteTool, { todos: [{ content: "x", status: "done" }] });
    expect(result).toMatchObject({ ok: false });
    const message = (result as { message: string }).message;
    expect(message).toContain("todos.0.status");
    expect(message).toContain("todos.0.activeForm: required");
  });
});
