import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeContext, tempDir } from "./test-helpers.js";
import { readTool } from "./tools/read.js";

describe("Read", () => {
  it("returns numbered lines like cat -n", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.txt"), "alpha\nbeta\r\ngamma\n");
    const r = await readTool.execute({ file_path: join(dir, "a.txt") }, makeContext(dir));
    expect(r.isError).toBeUndefined();
    expect(r.content).toBe("     1\talpha\n     2\tbeta\n     3\tgamma");
  });

  it("resolves a relative path against the session's cwd", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "rel.txt"), "x");
    expect((await readTool.execute({ file_path: "rel.txt" }, makeContext(dir))).content).toBe("     1\tx");
  });

  it("reads a window with offset and limit and says how to continue", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "n.txt"), Array.from({ length: 3000 }, (_, i) => `line ${i + 1}`).join("\n"));
    const ctx = makeContext(dir);
    const first = await readTool.execute({ file_path: join(dir, "n.txt") }, ctx);
    expect(first.content.split("\n").filter((l) => /^\s+\d+\t/.test(l))).toHaveLength(2000);
    expect(first.content).toContain("offset=2001");
    const window = await readTool.execute({ file_path: join(dir, "n.txt"), offset: 10, limit: 3 }, ctx);
    expect(window.content).toBe(
      "    10\tline 10\n    11\tline 11\n    12\tline 12\n\n(Showing lines 10-12. The file continues: call Read with offset=13 to read more.)",
    );
    const tail = await readTool.execute({ file_path: join(dir, "n.txt"), offset: 2999 }, ctx);
    expect(tail.content).toBe("  2999\tline 2999\n  3000\tline 3000");
    const past = await readTool.execute({ file_path: join(dir, "n.txt"), offset: 5000 }, ctx);
    expect(past).toMatchObject({ isError: true, content: expect.stringContaining("has 3000 lines") });
  });

  it("cuts very long lines", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "long.txt"), `${"y".repeat(50_000)}\nshort`);
    const r = await readTool.execute({ file_path: join(dir, "long.txt") }, makeContext(dir));
    const [first, second] = r.content.split("\n");
    expect(first!.length).toBeLessThan(2100);
    expect(first).toContain("[line truncated]");
    expect(second).toBe("     2\tshort");
  });

  it("refuses directories, missing files and binary files with clear messages", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "blob.dat"), Buffer.from([1, 2, 0, 3, 4]));
    writeFileSync(join(dir, "pic.png"), "not really a png");
    const ctx = makeContext(dir);
    expect(await readTool.execute({ file_path: join(dir, "sub") }, ctx)).toMatchObject({
      isError: true,
      content: expect.stringMatching(/is a directory.*LS/),
    });
    expect(await readTool.execute({ file_path: join(dir, "nope.txt") }, ctx)).toMatchObject({
      isError: true,
      content: `File does not exist: ${join(dir, "nope.txt")}`,
    });
    expect(await readTool.execute({ file_path: join(dir, "blob.dat") }, ctx)).toMatchObject({
      isError: true,
      content: expect.stringContaining("binary file"),
    });
    expect((await readTool.execute({ file_path: join(dir, "pic.png") }, ctx)).content).toContain("(PNG)");
  });

  it("says when a file is empty", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "empty"), "");
    expect((await readTool.execute({ file_path: join(dir, "empty") }, makeContext(dir))).content).toContain(
      "is empty",
    );
  });
});
