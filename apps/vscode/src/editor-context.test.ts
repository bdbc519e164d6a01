import { expect, it } from "vitest";
import { contextPrompt } from "./editor-context";

it("puts the question first, then the selection fenced with its file and lines, then its diagnostics", () => {
  const prompt = contextPrompt("why does this fail?", {
    file: "src/a.ts",
    languageId: "typescript",
    selection: { startLine: 3, endLine: 4, text: "const x: number = 'a';\nreturn x;" },
    diagnostics: [
      { line: 3, severity: "error", message: "Type 'string' is not assignable to type 'number'." },
      { line: 10, severity: "warning", message: "unused" },
    ],
  });
  expect(prompt).toBe(
    [
      "why does this fail?",
      "@src/a.ts:3-4",
      "```typescript\nconst x: number = 'a';\nreturn x;\n```",
      "Diagnostics:\n- src/a.ts:3 error: Type 'string' is not assignable to type 'number'.",
    ].join("\n\n"),
  );
});

it("without a selection names the whole file and all its diagnostics; a fence in the code gets a longer fence", () => {
  expect(contextPrompt("", { file: "README.md", languageId: "markdown", diagnostics: [] })).toBe(
    "Explain this code.\n\n@README.md",
  );
  const fenced = contextPrompt("q", {
    file: "x.md",
    languageId: "markdown",
    selection: { startLine: 1, endLine: 3, text: "```\ncode\n```" },
    diagnostics: [{ line: 9, severity: "hint", message: "h" }],
  });
  expect(fenced).toContain("````markdown\n```\ncode\n```\n````");
  expect(fenced).not.toContain("Diagnostics");
});
