import { execFileSync } from "node:child_process";
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeContext, tempDir } from "./test-helpers.js";
import { globTool } from "./tools/glob.js";
import { grepTool } from "./tools/grep.js";

function tree(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  let t = 1_700_000_000;
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    utimesSync(path, t, t); // later entries are newer
    t += 10;
  }
  return dir;
}

describe("Glob", () => {
  it("lists matches newest first, skipping node_modules and .git", async () => {
    const dir = tree({
      "src/old.ts": "",
      "src/new.ts": "",
      "src/deep/x.ts": "",
      "node_modules/pkg/index.ts": "",
      ".git/hooks/h.ts": "",
      "README.md": "",
    });
    const r = await globTool.execute({ pattern: "**/*.ts" }, makeContext(dir));
    expect(r.content.split("\n")).toEqual([
      join(dir, "src/deep/x.ts"),
      join(dir, "src/new.ts"),
      join(dir, "src/old.ts"),
    ]);
    const nm = await globTool.execute({ pattern: "node_modules/**/*.ts" }, makeContext(dir));
    expect(nm.content).toBe(join(dir, "node_modules/pkg/index.ts"));
  });

  it("accepts a path and absolute patterns", async () => {
    const dir = tree({ "a/one.md": "", "b/two.md": "" });
    expect(
      (await globTool.execute({ pattern: "*.md", path: join(dir, "b") }, makeContext("/"))).content,
    ).toBe(join(dir, "b/two.md"));
    expect((await globTool.execute({ pattern: `${dir}/a/*.md` }, makeContext("/"))).content).toBe(
      join(dir, "a/one.md"),
    );
  });

  it("says so when nothing matches or the path is wrong", async () => {
    const dir = tree({ "a.txt": "" });
    expect((await globTool.execute({ pattern: "*.rs" }, makeContext(dir))).content).toMatch(
      /^No files found/,
    );
    expect(
      await globTool.execute({ pattern: "*", path: join(dir, "a.txt") }, makeContext(dir)),
    ).toMatchObject({ isError: true });
    expect(await globTool.execute({ pattern: "*", path: join(dir, "nope") }, makeContext(dir))).toMatchObject(
      {
        isError: true,
        content: expect.stringContaining("Directory does not exist"),
      },
    );
  });

  it("caps results at 1000 with a note", async () => {
    const dir = tempDir();
    for (let i = 0; i < 1005; i++) writeFileSync(join(dir, `f${i}.txt`), "");
    const r = await globTool.execute({ pattern: "*.txt" }, makeContext(dir));
    const lines = r.content.split("\n");
    expect(lines).toHaveLength(1001);
    expect(lines[1000]).toMatch(/truncated.*1005/);
  });
});

describe("Grep", () => {
  const files = {
    "src/a.ts": "export function alpha() {\n  return 1;\n}\n",
    "src/b.js": "function Beta() {}\nconst alpha = 2;\n",
    "lib/c.py": "def alpha():\n    pass\n",
    "dist/bundle.js": "function alpha(){}",
    "node_modules/m/index.js": "function alpha(){}",
    "bin.dat": Buffer.from("alpha\0binary"),
    ".gitignore": "dist/\n*.log\n",
    "debug.log": "alpha in a log\n",
  };

  it("lists matching files by default, honouring .gitignore and skipping binaries", async () => {
    const dir = tree(files);
    mkdirSync(join(dir, ".git"));
    const r = await grepTool.execute({ pattern: "alpha" }, makeContext(dir));
    expect(r.content).toBe(
      `Found 3 files\n${join(dir, "lib/c.py")}\n${join(dir, "src/b.js")}\n${join(dir, "src/a.ts")}`,
    );
  });

  it("shows content with line numbers and context, ripgrep style", async () => {
    const dir = tree(files);
    const r = await grepTool.execute(
      { pattern: "alpha", output_mode: "content", glob: "*.ts", "-A": 1 },
      makeContext(dir),
    );
    expect(r.content).toBe(
      `${join(dir, "src/a.ts")}:1:export function alpha() {\n${join(dir, "src/a.ts")}-2-  return 1;`,
    );
    const noNumbers = await grepTool.execute(
      { pattern: "^def", output_mode: "content", path: join(dir, "lib/c.py"), "-n": false },
      makeContext(dir),
    );
    expect(noNumbers.content).toBe("def alpha():");
  });

  it("counts, filters by type, ignores case, limits output", async () => {
    const dir = tree(files);
    const ctx = makeContext(dir);
    const count = await grepTool.execute(
      { pattern: "alpha|beta", "-i": true, output_mode: "count", type: "js" },
      ctx,
    );
    expect(count.content).toBe(`${join(dir, "src/b.js")}:2\n\nFound 2 matching lines in 1 file.`);
    const limited = await grepTool.execute({ pattern: "a", output_mode: "content", head_limit: 2 }, ctx);
    expect(limited.content.split("\n")).toHaveLength(2);
    expect(await grepTool.execute({ pattern: "x", type: "cobol" }, ctx)).toMatchObject({
      isError: true,
      content: expect.stringContaining("Unknown file type"),
    });
  });

  it("matches across lines in multiline mode", async () => {
    const dir = tree(files);
    const r = await grepTool.execute(
      { pattern: "alpha\\(\\) \\{.*?return", multiline: true, output_mode: "content" },
      makeContext(dir),
    );
    expect(r.content).toBe(
      `${join(dir, "src/a.ts")}:1:export function alpha() {\n${join(dir, "src/a.ts")}:2:  return 1;`,
    );
    const single = await grepTool.execute({ pattern: "alpha\\(\\) \\{.*?return" }, makeContext(dir));
    expect(single.content).toBe("No matches found");
  });

  it("searches small files and large ones alike, and skips a FIFO without waiting on it", async () => {
    const dir = tree({
      "small.txt": "needle here\n",
      // Past the size read at once: read through the thread pool instead, with the same answer.
      "large.txt": `${"filler line\n".repeat(30_000)}needle at the end\n`,
    });
    execFileSync("mkfifo", [join(dir, "pipe.txt")]);
    const r = await grepTool.execute({ pattern: "needle", output_mode: "count" }, makeContext(dir));
    expect(r.content).toContain(`${join(dir, "small.txt")}:1`);
    expect(r.content).toContain(`${join(dir, "large.txt")}:1`);
    expect(r.content).not.toContain("pipe.txt");
  });

  it("explains an invalid regular expression", async () => {
    const r = await grepTool.execute({ pattern: "foo(" }, makeContext(tempDir()));
    expect(r).toMatchObject({
      isError: true,
      content: expect.stringContaining("Invalid regular expression"),
    });
  });

  it("reports a missing path", async () => {
    const dir = tempDir();
    expect(await grepTool.execute({ pattern: "x", path: join(dir, "nope") }, makeContext(dir))).toMatchObject(
      {
        isError: true,
        content: expect.stringContaining("Path does not exist"),
      },
    );
  });
});
