import { describe, expect, it } from "vitest";
import { defaultSystemPrompt } from "./system-prompt.js";

describe("defaultSystemPrompt", () => {
  const base = {
    cwd: "/work/repo",
    platform: "linux",
    date: new Date("2025-03-04T12:00:00Z"),
    tools: ["Read", { name: "Bash" }],
  };

  it("states the environment and the tools", () => {
    const prompt = defaultSystemPrompt({ ...base, isGitRepo: true });
    expect(prompt).toContain("Working directory: /work/repo");
    expect(prompt).toContain("Platform: linux");
    expect(prompt).toContain("Today's date: 2025-03-04");
    expect(prompt).toContain("Is a git repository: yes");
    expect(prompt).toContain("You can use these tools: Read, Bash.");
    expect(prompt).not.toContain("memory files");
  });

  it("includes memory files in order, skipping empty ones", () => {
    const prompt = defaultSystemPrompt({
      ...base,
      memory: [
        { path: "/home/u/.claude/CLAUDE.md", content: "Use British spelling.", scope: "user" },
        { path: "/work/repo/CLAUDE.md", content: "  \n" },
        { path: "/work/repo/CLAUDE.local.md", content: "Run pnpm test.\n", scope: "local" },
      ],
    });
    const user = prompt.indexOf(
      "Contents of /home/u/.claude/CLAUDE.md (user instructions):\n\nUse British spelling.",
    );
    const local = prompt.indexOf(
      "Contents of /work/repo/CLAUDE.local.md (local instructions):\n\nRun pnpm test.",
    );
    expect(user).toBeGreaterThan(0);
    expect(local).toBeGreaterThan(user);
    expect(prompt).not.toContain("/work/repo/CLAUDE.md");
  });

  it("ends with --append-system-prompt text, after memory", () => {
    const prompt = defaultSystemPrompt({
      ...base,
      memory: [{ path: "/work/repo/CLAUDE.md", content: "Use pnpm." }],
      append: "  Always answer in French.  ",
    });
    expect(prompt.endsWith("Always answer in French.")).toBe(true);
    expect(prompt.indexOf("Use pnpm.")).toBeLessThan(prompt.indexOf("Always answer in French."));
  });

  it("is deterministic", () => {
    expect(defaultSystemPrompt(base)).toBe(defaultSystemPrompt({ ...base, date: "2025-03-04" }));
  });
});
