import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HISTORY_LIMIT, historyFile, PromptHistory, projectRoot } from "./prompt-history";

const temp = () => mkdtempSync(join(tmpdir(), "berth-history-"));

describe("PromptHistory", () => {
  it("persists typed lines per project, privately, skipping space-prefixed and repeated lines", () => {
    const home = temp();
    const file = historyFile(home, "/some/project");
    expect(historyFile(home, "/other/project")).not.toBe(file);
    const h = PromptHistory.load(file, () => expect.fail("no warning expected"));
    h.add("first");
    h.add("first");
    h.add(" secret thing");
    h.add("two\nlines");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(PromptHistory.load(file, () => undefined).entries).toEqual(["first", "two\nlines"]);
  });

  it("writes nothing with CLAUDE_CODE_SKIP_PROMPT_HISTORY, but recalls in memory", () => {
    const file = join(temp(), "h.jsonl");
    const h = PromptHistory.load(file, () => undefined);
    h.add("private prompt", { CLAUDE_CODE_SKIP_PROMPT_HISTORY: "1" });
    expect(h.entries).toEqual(["private prompt"]);
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });

  it("ignores corrupt lines with one warning", () => {
    const file = join(temp(), "h.jsonl");
    writeFileSync(file, `{"text":"ok","at":1}\nnot json\n{"text":3}\n`);
    const warnings: string[] = [];
    const h = PromptHistory.load(file, (w) => warnings.push(w));
    expect(h.entries).toEqual(["ok"]);
    expect(warnings).toEqual([expect.stringContaining("ignored 2 corrupt lines")]);
  });

  it("stays bounded", () => {
    const file = join(temp(), "h.jsonl");
    const h = PromptHistory.load(file, () => undefined);
    for (let i = 0; i < HISTORY_LIMIT * 2 + 5; i++) h.add(`line ${i}`);
    const again = PromptHistory.load(file, () => undefined);
    expect(again.entries).toHaveLength(HISTORY_LIMIT);
    expect(again.entries.at(-1)).toBe(`line ${HISTORY_LIMIT * 2 + 4}`);
    expect(readFileSync(file, "utf8").trim().split("\n").length).toBeLessThan(HISTORY_LIMIT * 2);
  });

  it("keys by the repository root", () => {
    const root = temp();
    mkdirSync(join(root, ".git"));
    mkdirSync(join(root, "a", "b"), { recursive: true });
    expect(projectRoot(join(root, "a", "b"))).toBe(root);
  });
});
