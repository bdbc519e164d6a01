import { describe, expect, it } from "vitest";
import { MAX_SUMMARY_CHARS, redactSecrets, summarizeToolInput } from "./summarize.js";

describe("summarizeToolInput", () => {
  it("names what the call touches", () => {
    expect(summarizeToolInput("Bash", { command: "npm test", timeout: 1000 })).toBe("npm test");
    expect(summarizeToolInput("Read", { file_path: "/repo/a.ts", offset: 10 })).toBe("/repo/a.ts");
    expect(summarizeToolInput("Edit", { file_path: "/repo/a.ts", old_string: "x", new_string: "y" })).toBe(
      "/repo/a.ts",
    );
    expect(summarizeToolInput("Write", { file_path: "/repo/b.ts", content: "..." })).toBe("/repo/b.ts");
    expect(summarizeToolInput("WebFetch", { url: "https://example.com/x", prompt: "summarise" })).toBe(
      "https://example.com/x",
    );
    expect(summarizeToolInput("Grep", { pattern: "TODO", path: "src" })).toBe("TODO in src");
  });

  it("falls back to compact JSON for other tools", () => {
    expect(summarizeToolInput("mcp__db__query", { sql: "select 1", limit: 5 })).toBe(
      '{"sql":"select 1","limit":5}',
    );
    expect(summarizeToolInput("Bash", { nope: true })).toBe('{"nope":true}');
    expect(summarizeToolInput("X", undefined)).toBe("undefined");
  });

  it("is one line of at most 200 characters", () => {
    const summary = summarizeToolInput("Bash", { command: `echo one\necho two\n${"x".repeat(500)}` });
    expect(summary).not.toMatch(/\n/);
    expect(summary.startsWith("echo one ⏎ echo two ⏎ x")).toBe(true);
    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    expect(summary.endsWith("…")).toBe(true);
    const emoji = summarizeToolInput("Bash", { command: "😀".repeat(300) });
    expect(emoji.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("blanks values that look like secrets", () => {
    expect(summarizeToolInput("Bash", { command: "curl -H 'Authorization: Bearer abc123' https://x" })).toBe(
      "curl -H 'Authorization: Bearer *** https://x",
    );
    expect(
      summarizeToolInput("Bash", { command: "GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123 gh pr list" }),
    ).toBe("GITHUB_TOKEN=*** gh pr list");
    expect(summarizeToolInput("WebFetch", { url: "https://bob:hunter2@example.com/" })).toBe(
      "https://bob:***@example.com/",
    );
    expect(summarizeToolInput("mcp__x__y", { apiKey: "sk-ant-1234567890abcdefghij", q: "hi" })).toBe(
      '{"apiKey":"***","q":"hi"}',
    );
    expect(redactSecrets("export ANTHROPIC_API_KEY=sk-ant-api03-aaaaaaaaaaaaaaaaaaaa")).toBe(
      "export ANTHROPIC_API_KEY=***",
    );
  });
});
