import { mkdirSync, symlinkSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { ctx, engine, makeProject, type Project, tool } from "../testing/fixtures.js";

let p: Project;
beforeAll(async () => {
  p = makeProject();
  mkdirSync(`${p.project}/.claude/worktrees/w1`, { recursive: true });
  symlinkSync(`${p.project}/.git`, `${p.project}/gitlink`);
  await engine();
});

const read = (c: ReturnType<typeof ctx>, file_path: string) => tool(c, "Read", { file_path });
const write = (c: ReturnType<typeof ctx>, file_path: string) => tool(c, "Write", { file_path, content: "x" });

describe("reads", () => {
  it("inside the working directories are allowed by default", async () => {
    for (const f of [
      "README.md",
      `${p.project}/src/a.ts`,
      "src/../README.md",
      "link-in/a.ts",
      "does/not/exist.txt",
    ]) {
      expect((await read(ctx(p), f)).behavior, f).toBe("allow");
    }
    expect((await tool(ctx(p), "Grep", { pattern: "x", path: "src" })).behavior).toBe("allow");
    expect((await tool(ctx(p), "Grep", { pattern: "/etc/passwd" })).behavior).toBe("allow");
    expect((await tool(ctx(p), "Glob", { pattern: "**/*.ts" })).behavior).toBe("allow");
    expect((await tool(ctx(p), "LS", {})).behavior).toBe("allow");
  });

  it("outside, through a symlink, or in a sibling with a shared prefix ask", async () => {
    for (const f of [
      "/etc/passwd",
      `${p.outside}/secret.txt`,
      "link-out/secret.txt",
      "secret-link",
      "../project-evil/x",
      `${p.home}/project-evil/x`,
      "src/../../x",
      "~/x",
    ]) {
      const d = await read(ctx(p), f);
      expect(d.behavior, f).toBe("ask");
      expect(d.reason, f).toMatchObject({ kind: "safety", check: "outside-working-dirs" });
    }
    expect((await tool(ctx(p), "Glob", { pattern: "/etc/**" })).behavior).toBe("ask");
    expect((await tool(ctx(p), "Glob", { pattern: "src/**/../../../x" })).behavior).toBe("ask");
    expect((await tool(ctx(p), "Grep", { pattern: "x", path: "/" })).behavior).toBe("ask");
  });

  it("additionalDirectories extend the working directories", async () => {
    const c = ctx(p, {}, "default", { additionalDirectories: [p.outside] });
    expect((await read(c, `${p.outside}/secret.txt`)).behavior).toBe("allow");
    expect((await read(c, "link-out/secret.txt")).behavior).toBe("allow");
  });

  it("allow rules reach outside; both link and target must match", async () => {
    expect(
      (await read(ctx(p, { allow: [`Read(/${p.outside}/**)`] }), `${p.outside}/secret.txt`)).behavior,
    ).toBe("allow");
    // The link is inside the project and not covered by the outside rule: an allow needs both.
    expect((await read(ctx(p, { allow: [`Read(/${p.outside}/**)`] }), "secret-link")).behavior).toBe("ask");
    expect(
      (await read(ctx(p, { allow: [`Read(/${p.outside}/**)`, "Read(./secret-link)"] }), "secret-link"))
        .behavior,
    ).toBe("allow");
    // A bare Read allow is not specific about paths: it covers the working directories only.
    expect((await read(ctx(p, { allow: ["Read"] }), "/etc/passwd")).behavior).toBe("ask");
  });

  it("a deny applies if either the link or the target matches", async () => {
    expect((await read(ctx(p, { deny: [`Read(/${p.outside}/**)`] }), "secret-link")).behavior).toBe("deny");
    expect((await read(ctx(p, { deny: ["Read(./secret-link)"] }), "secret-link")).behavior).toBe("deny");
    expect((await read(ctx(p, { deny: [`Read(/${p.outside}/**)`] }), "link-out/secret.txt")).behavior).toBe(
      "deny",
    );
  });

  it("deny → ask → allow order and rule anchors", async () => {
    const c = ctx(p, {
      deny: ["Read(.env)", "Read(~/.ssh/**)"],
      ask: ["Read(/src/**)"],
      allow: ["Read(//etc/hosts)"],
    });
    expect((await read(c, ".env")).behavior).toBe("deny");
    expect((await read(c, "deep/er/.env")).behavior).toBe("deny");
    expect((await read(c, `${p.home}/.ssh/id_rsa`)).behavior).toBe("deny");
    expect((await read(c, "src/a.ts")).behavior).toBe("ask");
    expect((await read(c, "/etc/hosts")).behavior).toBe("allow");
    expect((await tool(c, "Grep", { pattern: "x", path: ".env" })).behavior).toBe("deny");
    expect((await tool(c, "Glob", { pattern: "*", path: "src" })).behavior).toBe("ask");
  });

  it("macOS: deny matching ignores case", async () => {
    const c = ctx(p, { deny: ["Read(.ENV)"] }, "default", { platform: "darwin" });
    expect((await read(c, ".env")).behavior).toBe("deny");
    expect((await read(ctx(p, { deny: ["Read(.ENV)"] }), ".env")).behavior).toBe("allow");
  });

  it("odd inputs never allow", async () => {
    expect((await read(ctx(p), "a\u0000b")).behavior).toBe("deny");
    expect((await read(ctx(p), "~root/.ssh/id_rsa")).reason).toMatchObject({ check: "tilde-user" });
    expect((await read(ctx(p), "")).behavior).toBe("ask");
    expect((await tool(ctx(p), "Read", { file_path: 42 })).behavior).toBe("ask");
    expect((await tool(ctx(p), "Read", {})).behavior).toBe("ask");
    expect((await read(ctx(p), "%2e%2e/%2e%2e/etc/passwd")).behavior).toBe("allow"); // literal names inside the project
  });
});

describe("edits", () => {
  it("ask by default, allowed by acceptEdits inside the working directories", async () => {
    expect((await write(ctx(p), "src/new.ts")).behavior).toBe("ask");
    expect((await write(ctx(p, {}, "acceptEdits"), "src/new.ts")).behavior).toBe("allow");
    expect((await write(ctx(p, {}, "acceptEdits"), "../outside.txt")).behavior).toBe("ask");
    expect((await write(ctx(p, {}, "acceptEdits"), "link-out/x")).behavior).toBe("ask");
    expect((await write(ctx(p, {}, "acceptEdits"), "dangling")).behavior).toBe("ask");
  });

  it("Edit rules apply to Write, Edit, MultiEdit and NotebookEdit; a Read deny blocks edits", async () => {
    const c = ctx(p, { allow: ["Edit(/src/**)"], deny: ["Read(secrets/**)"] });
    expect(
      (await tool(c, "Edit", { file_path: "src/a.ts", old_string: "a", new_string: "b" })).behavior,
    ).toBe("allow");
    expect((await tool(c, "MultiEdit", { file_path: "src/a.ts", edits: [] })).behavior).toBe("allow");
    expect((await tool(c, "NotebookEdit", { notebook_path: "src/n.ipynb", new_source: "" })).behavior).toBe(
      "allow",
    );
    expect((await write(c, "secrets/k")).behavior).toBe("deny");
    expect((await tool(ctx(p, { deny: ["Edit"] }), "Write", { file_path: "x" })).behavior).toBe("deny");
    expect(
      (await tool(ctx(p, { deny: ["Write(/src/**)"] }), "Edit", { file_path: "src/a.ts" })).behavior,
    ).toBe("deny");
  });

  it("protected paths are never auto-approved outside bypass, even by allow rules", async () => {
    const c = ctx(p, { allow: ["Edit(**)", "Edit(/.git/**)", "Edit(//**)"] }, "acceptEdits");
    for (const f of [
      ".git/config",
      ".git/hooks/pre-commit",
      "gitlink/config",
      ".vscode/settings.json",
      ".claude/settings.json",
      ".mcp.json",
      `${p.home}/.bashrc`,
      `${p.home}/.zshrc`,
      ".envrc",
      ".npmrc",
      ".husky/pre-commit",
      `${p.home}/.config/git/config`,
      "sub/.gitmodules",
    ]) {
      const d = await write(c, f);
      expect(d.behavior, f).toBe("ask");
      expect(d.reason, f).toMatchObject({ kind: "safety", check: "protected-path" });
    }
    expect((await write(c, ".claude/worktrees/w1/file.ts")).behavior).toBe("allow");
    expect((await write(ctx(p, {}, "bypassPermissions"), ".git/config")).behavior).toBe("allow");
    expect((await write(ctx(p, {}, "dontAsk"), ".git/config")).behavior).toBe("deny");
    expect((await write(ctx(p, {}, "plan"), ".git/config")).behavior).toBe("deny");
  });

  it("modes", async () => {
    expect((await write(ctx(p, {}, "plan"), "src/a.ts")).behavior).toBe("deny");
    expect((await read(ctx(p, {}, "plan"), "src/a.ts")).behavior).toBe("allow");
    expect((await write(ctx(p, {}, "dontAsk"), "src/a.ts")).behavior).toBe("deny");
    expect((await write(ctx(p, { allow: ["Edit(/src/**)"] }, "dontAsk"), "src/a.ts")).behavior).toBe("allow");
    expect((await write(ctx(p, {}, "bypassPermissions"), "/etc/x")).behavior).toBe("allow");
    expect((await write(ctx(p, { deny: ["Edit(//etc/**)"] }, "bypassPermissions"), "/etc/x")).behavior).toBe(
      "deny",
    );
    expect((await write(ctx(p, { ask: ["Edit(//etc/**)"] }, "bypassPermissions"), "/etc/x")).behavior).toBe(
      "ask",
    );
    // A bare Edit allow covers the working directories only.
    expect((await write(ctx(p, { allow: ["Edit"] }), "src/a.ts")).behavior).toBe("allow");
    expect((await write(ctx(p, { allow: ["Edit"] }), "/etc/x")).behavior).toBe("ask");
  });

  it("/path anchors follow the settings file's root", async () => {
    const c = ctx(p, { allow: ["Edit(/docs/**)"] });
    expect((await write(c, "docs/a.md")).behavior).toBe("allow");
    expect((await write(c, "src/docs/a.md")).behavior).toBe("ask");
  });
});

describe("always-allow suggestions for files", () => {
  it("edits suggest the file, reads outside suggest the directory; both link and target", async () => {
    const e = await engine();
    const c = ctx(p);
    const edit = { tool: "Write", input: { file_path: "src/new.ts" } };
    expect(e.suggestRulesFor(edit, e.decide(edit, c))).toEqual([`Edit(/${p.project}/src/new.ts)`]);
    const outside = { tool: "Read", input: { file_path: `${p.outside}/secret.txt` } };
    const rulesText = e.suggestRulesFor(outside, e.decide(outside, c));
    expect(rulesText).toEqual([`Read(/${p.outside}/**)`]);
    expect(e.decide(outside, ctx(p, { allow: rulesText })).behavior).toBe("allow");
    const viaLink = { tool: "Read", input: { file_path: "secret-link" } };
    const both = e.suggestRulesFor(viaLink, e.decide(viaLink, c));
    expect(both).toEqual([`Read(/${p.project}/**)`, `Read(/${p.outside}/**)`]);
    expect(e.decide(viaLink, ctx(p, { allow: both })).behavior).toBe("allow");
    const prot = { tool: "Write", input: { file_path: ".git/config" } };
    expect(e.suggestRulesFor(prot, e.decide(prot, c))).toEqual([]);
  });
});
