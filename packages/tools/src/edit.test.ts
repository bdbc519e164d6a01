import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeContext, tempDir } from "./test-helpers.js";
import { editTool } from "./tools/edit.js";
import { multiEditTool } from "./tools/multi-edit.js";
import { writeTool } from "./tools/write.js";

describe("Write", () => {
  it("creates files with their parent directories, then reports overwrites", async () => {
    const dir = tempDir();
    const ctx = makeContext(dir);
    const path = join(dir, "a/b/c.txt");
    const created = await writeTool.execute({ file_path: path, content: "one\ntwo\n" }, ctx);
    expect(created).toMatchObject({
      content: `Created ${path} (2 lines, 8 bytes).`,
      display: { created: true },
    });
    expect(readFileSync(path, "utf8")).toBe("one\ntwo\n");
    const over = await writeTool.execute({ file_path: path, content: "x" }, ctx);
    expect(over.content).toMatch(/^Overwrote/);
    expect(readFileSync(path, "utf8")).toBe("x");
  });

  it("refuses to write over a directory", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "d"));
    expect(
      await writeTool.execute({ file_path: join(dir, "d"), content: "" }, makeContext(dir)),
    ).toMatchObject({ isError: true });
  });
});

describe("Edit", () => {
  function file(content: string) {
    const dir = tempDir();
    const path = join(dir, "f.ts");
    writeFileSync(path, content);
    return { path, ctx: makeContext(dir) };
  }

  it("replaces a unique string and returns an excerpt and a diff", async () => {
    const { path, ctx } = file("const a = 1;\nconst b = 2;\nconst c = 3;\n");
    const r = await editTool.execute(
      { file_path: path, old_string: "const b = 2;", new_string: "const b = 20;" },
      ctx,
    );
    expect(r.isError).toBeUndefined();
    expect(readFileSync(path, "utf8")).toBe("const a = 1;\nconst b = 20;\nconst c = 3;\n");
    expect(r.content).toContain("replaced 1 occurrence");
    expect(r.content).toContain("     2\tconst b = 20;");
    const diff = (r.display as { diff: { unified: string } }).diff.unified;
    expect(diff).toContain("-const b = 2;\n+const b = 20;");
    expect(diff.startsWith("@@ -1,")).toBe(true);
  });

  it("refuses an ambiguous match, saying how many and where", async () => {
    const { path, ctx } = file("x = 1\ny = 2\nx = 1\n");
    const r = await editTool.execute({ file_path: path, old_string: "x = 1", new_string: "x = 3" }, ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toContain("Found 2 matches");
    expect(r.content).toContain("lines 1, 3");
    expect(r.content).toContain("replace_all");
    expect(readFileSync(path, "utf8")).toBe("x = 1\ny = 2\nx = 1\n");
  });

  it("replaces every occurrence with replace_all", async () => {
    const { path, ctx } = file("foo(); foo(); bar(); foo();");
    const r = await editTool.execute(
      { file_path: path, old_string: "foo", new_string: "baz", replace_all: true },
      ctx,
    );
    expect(r.content).toContain("all 3 occurrences");
    expect(readFileSync(path, "utf8")).toBe("baz(); baz(); bar(); baz();");
  });

  it("rejects no-op edits and missing strings with hints", async () => {
    const { path, ctx } = file("\tindented line\n");
    expect(await editTool.execute({ file_path: path, old_string: "a", new_string: "a" }, ctx)).toMatchObject({
      isError: true,
      content: expect.stringContaining("identical"),
    });
    const ws = await editTool.execute(
      { file_path: path, old_string: "  indented line", new_string: "x" },
      ctx,
    );
    expect(ws).toMatchObject({ isError: true, content: expect.stringContaining("whitespace is ignored") });
    const prefixed = await editTool.execute(
      { file_path: path, old_string: "     1\t\tindented line", new_string: "x" },
      ctx,
    );
    expect(prefixed.content).toContain("line-number prefixes");
    const missing = await editTool.execute(
      { file_path: join(path, "../none.ts"), old_string: "a", new_string: "b" },
      ctx,
    );
    expect(missing).toMatchObject({ isError: true, content: expect.stringContaining("File does not exist") });
  });

  it("keeps CRLF line endings", async () => {
    const { path, ctx } = file("one\r\ntwo\r\nthree\r\n");
    const r = await editTool.execute(
      { file_path: path, old_string: "one\ntwo", new_string: "uno\ndos\nextra" },
      ctx,
    );
    expect(r.isError).toBeUndefined();
    expect(readFileSync(path, "utf8")).toBe("uno\r\ndos\r\nextra\r\nthree\r\n");
  });

  it("creates a new file from an empty old_string, but not over existing content", async () => {
    const dir = tempDir();
    const ctx = makeContext(dir);
    const path = join(dir, "new/file.txt");
    expect((await editTool.execute({ file_path: path, old_string: "", new_string: "hi" }, ctx)).content).toBe(
      `Created ${path}.`,
    );
    expect(readFileSync(path, "utf8")).toBe("hi");
    expect(
      await editTool.execute({ file_path: path, old_string: "", new_string: "again" }, ctx),
    ).toMatchObject({ isError: true });
  });

  it("refuses binary files", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "b.bin"), Buffer.from([0, 1, 2]));
    const r = await editTool.execute(
      { file_path: join(dir, "b.bin"), old_string: "a", new_string: "b" },
      makeContext(dir),
    );
    expect(r).toMatchObject({ isError: true, content: expect.stringContaining("binary") });
  });
});

describe("MultiEdit", () => {
  it("applies edits in order, atomically", async () => {
    const dir = tempDir();
    const path = join(dir, "m.txt");
    writeFileSync(path, "a b c\n");
    const ctx = makeContext(dir);
    const ok = await multiEditTool.execute(
      {
        file_path: path,
        edits: [
          { old_string: "a", new_string: "x" },
          { old_string: "x b", new_string: "y" },
        ],
      },
      ctx,
    );
    expect(ok.isError).toBeUndefined();
    expect(readFileSync(path, "utf8")).toBe("y c\n");
    const bad = await multiEditTool.execute(
      {
        file_path: path,
        edits: [
          { old_string: "y", new_string: "z" },
          { old_string: "missing", new_string: "q" },
        ],
      },
      ctx,
    );
    expect(bad).toMatchObject({
      isError: true,
      content: expect.stringMatching(/^Edit 2 of 2 failed.*No changes were written/s),
    });
    expect(readFileSync(path, "utf8")).toBe("y c\n");
    expect(existsSync(path)).toBe(true);
  });
});
