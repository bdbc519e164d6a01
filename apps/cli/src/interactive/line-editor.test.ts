import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { completeAt, listFiles } from "./file-complete";
import { type Key, LineBuffer } from "./line-editor";

/** Types `text` one character at a time, as the key reader delivers it. */
function type(buffer: LineBuffer, text: string): void {
  for (const ch of text) buffer.apply(ch, { name: ch, sequence: ch });
}
const ENTER: Key = { name: "return", sequence: "\r" };
const key = (name: string, extra: Partial<Key> = {}): Key => ({ name, ...extra });

describe("LineBuffer", () => {
  it("submits on Enter, and continues on the next line after a trailing backslash", () => {
    const b = new LineBuffer();
    type(b, "first line\\");
    expect(b.apply(undefined, ENTER)).toBe("changed");
    type(b, "second line");
    expect(b.text).toBe("first line\nsecond line");
    expect(b.apply(undefined, ENTER)).toBe("submit");
  });

  it("inserts a newline for Shift+Enter (kitty, modifyOtherKeys) and Alt+Enter", () => {
    const b = new LineBuffer();
    type(b, "a");
    b.apply(undefined, { sequence: "\x1b[13;2u", shift: true });
    type(b, "b");
    b.apply(undefined, { sequence: "\x1b[27;2;13~", shift: true });
    type(b, "c");
    b.apply("\r", { name: "return", meta: true, sequence: "\x1b\r" });
    expect(b.text).toBe("a\nb\nc\n");
  });

  it("walks history with ↑/↓ and keeps the line being typed", () => {
    const b = new LineBuffer({ history: ["one", "two"] });
    type(b, "draft");
    b.apply(undefined, key("up"));
    expect(b.text).toBe("two");
    b.apply(undefined, key("up"));
    expect(b.text).toBe("one");
    expect(b.apply(undefined, key("up"))).toBe("ignored");
    b.apply(undefined, key("down"));
    b.apply(undefined, key("down"));
    expect(b.text).toBe("draft");
  });

  it("searches history backwards with Ctrl-R, again with Ctrl-R, and takes the match", () => {
    const history = ["git status", "npm test", "git push", "ls"];
    const b = new LineBuffer({ history });
    b.apply(undefined, key("r", { ctrl: true }));
    type(b, "git");
    expect(b.searchMatch).toBe("git push");
    b.apply(undefined, key("r", { ctrl: true }));
    expect(b.searchMatch).toBe("git status");
    // No older match: the current one stays.
    b.apply(undefined, key("r", { ctrl: true }));
    expect(b.searchMatch).toBe("git status");
    b.apply(undefined, key("right"));
    expect(b.search).toBeUndefined();
    expect(b.text).toBe("git status");
    // Esc cancels a search without changing the line; Enter takes the match and sends it.
    b.apply(undefined, key("r", { ctrl: true }));
    type(b, "npm");
    b.apply(undefined, key("escape"));
    expect(b.text).toBe("git status");
    b.apply(undefined, key("r", { ctrl: true }));
    type(b, "npm");
    expect(b.apply(undefined, ENTER)).toBe("submit");
    expect(b.text).toBe("npm test");
  });

  it("completes @file names folder by folder, showing the candidates", () => {
    const root = mkdtempSync(join(tmpdir(), "berth-complete-"));
    mkdirSync(join(root, "src", "deep"), { recursive: true });
    mkdirSync(join(root, "node_modules", "x"), { recursive: true });
    writeFileSync(join(root, "src", "main.ts"), "");
    writeFileSync(join(root, "src", "math.ts"), "");
    writeFileSync(join(root, "src", "deep", "only.ts"), "");
    writeFileSync(join(root, "README.md"), "");
    writeFileSync(join(root, "node_modules", "x", "index.js"), "");
    const files = listFiles(root);
    expect(files).toContain("src/deep/only.ts");
    expect(files.some((f) => f.startsWith("node_modules"))).toBe(false);

    const b = new LineBuffer({ files: () => files });
    type(b, "look at @s");
    b.apply(undefined, key("tab"));
    expect(b.text).toBe("look at @src/");
    b.apply(undefined, key("tab"));
    expect(b.candidates).toEqual(["src/deep/", "src/main.ts", "src/math.ts"]);
    type(b, "d");
    b.apply(undefined, key("tab"));
    expect(b.text).toBe("look at @src/deep/");
    b.apply(undefined, key("tab"));
    expect(b.text).toBe("look at @src/deep/only.ts ");
    type(b, "and @src/ma");
    b.apply(undefined, key("tab"));
    expect(b.text).toBe("look at @src/deep/only.ts and @src/ma");
    expect(b.candidates).toEqual(["src/main.ts", "src/math.ts"]);
    // Tab without an @ word does nothing (Shift+Tab is the mode switch, handled elsewhere).
    expect(new LineBuffer({ files: () => files }).apply(undefined, key("tab"))).toBe("ignored");
  });

  it("extends to the common prefix", () => {
    expect(completeAt("@a", ["abc/x", "abd"]).text).toBe("@ab");
  });
});
