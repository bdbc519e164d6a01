import { describe, expect, it } from "vitest";
import { findImports, resolveImport } from "./imports.js";

describe("findImports", () => {
  it("finds relative, home and absolute imports, not e-mails or code", () => {
    const text = [
      "See @docs/arch.md and @~/notes.md, also @/etc/team.md.",
      "Mail me at dev@example.com.",
      "Use `@decorator` and `npm i @scope/pkg` in code spans.",
      "```ts",
      "@Component() class X {}",
      "```",
      "~~~",
      "@inside/tilde-fence.md",
      "~~~",
      "- @../shared/rules.md",
    ].join("\n");
    expect(findImports(text)).toEqual(["docs/arch.md", "~/notes.md", "/etc/team.md", "../shared/rules.md"]);
  });

  it("resolves relative to the importing file and ~ to the home", () => {
    expect(resolveImport("a/b.md", "/p/sub/CLAUDE.md", "/home/u")).toBe("/p/sub/a/b.md");
    expect(resolveImport("~/x.md", "/p/CLAUDE.md", "/home/u")).toBe("/home/u/x.md");
    expect(resolveImport("/abs.md", "/p/CLAUDE.md", "/home/u")).toBe("/abs.md");
  });
});
