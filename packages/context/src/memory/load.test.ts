import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { makeTempDir } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_IMPORT_DEPTH, MemoryLoader, type MemoryLoadOptions, loadMemory } from "./load.js";

const temps: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const t of temps.splice(0)) t.cleanup();
});

function layout(files: Record<string, string>) {
  const dir = makeTempDir("berth-memory-");
  temps.push(dir);
  const root = realpathSync(dir.path);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

function options(root: string, extra: Partial<MemoryLoadOptions> = {}): MemoryLoadOptions {
  const project = join(root, "project");
  return {
    cwd: join(project, "app"),
    projectRoot: project,
    workingDirectories: [join(project, "app")],
    berthHome: join(root, "home", ".berth"),
    managedDir: join(root, "managed"),
    homeDir: join(root, "home"),
    trusted: true,
    ...extra,
  };
}

describe("memory files", () => {
  it("loads managed, user, then the project chain root → cwd with local after project", () => {
    const root = layout({
      "managed/CLAUDE.md": "managed rules",
      "home/.berth/CLAUDE.md": "user rules",
      "project/CLAUDE.md": "root rules",
      "project/.claude/CLAUDE.md": "root dot-claude rules",
      "project/CLAUDE.local.md": "root local",
      "project/app/CLAUDE.md": "app rules",
      "project/app/sub/CLAUDE.md": "lazy sub rules",
    });
    const set = loadMemory(options(root));
    expect(set.files.map((f) => [f.origin, f.content])).toEqual([
      ["managed", "managed rules"],
      ["user", "user rules"],
      ["project", "root rules"],
      ["project", "root dot-claude rules"],
      ["local", "root local"],
      ["project", "app rules"],
    ]);
    expect(set.problems).toEqual([]);
  });

  it("loads a subfolder's CLAUDE.md the first time a file below it is used", () => {
    const root = layout({ "project/app/sub/deep/CLAUDE.md": "deep rules", "project/app/sub/deep/x.ts": "" });
    const loader = new MemoryLoader(options(root));
    loader.loadStartup();
    const added = loader.loadForPath(join(root, "project/app/sub/deep/x.ts"));
    expect(added.map((f) => [f.origin, f.content])).toEqual([["subfolder", "deep rules"]]);
    expect(loader.loadForPath(join(root, "project/app/sub/deep/x.ts"))).toEqual([]);
    // Outside every working directory nothing is loaded.
    expect(loader.loadForPath("/etc/passwd")).toEqual([]);
  });

  it("follows imports relative to the importer, reports cycles and stops at the depth limit", () => {
    const chain: Record<string, string> = {};
    for (let i = 0; i <= MAX_IMPORT_DEPTH + 1; i++)
      chain[`project/app/d${i}.md`] = `level ${i} @d${i + 1}.md`;
    const root = layout({
      "project/app/CLAUDE.md": "top @docs/a.md @d0.md @missing.md",
      "project/app/docs/a.md": "A imports @../docs/b.md",
      "project/app/docs/b.md": "B imports @a.md back",
      ...chain,
    });
    const set = loadMemory(options(root));
    const names = set.files.map((f) => f.path.slice(root.length + 1));
    expect(names).toContain("project/app/docs/a.md");
    expect(names).toContain("project/app/docs/b.md");
    expect(names).toContain(`project/app/d${MAX_IMPORT_DEPTH - 1}.md`);
    expect(names).not.toContain(`project/app/d${MAX_IMPORT_DEPTH}.md`);
    const kinds = set.problems.map((p) => p.kind).sort();
    expect(kinds).toEqual(["cycle", "missing", "too-deep"]);
    expect(set.problems.find((p) => p.kind === "cycle")?.importedFrom).toBe(
      join(root, "project/app/docs/b.md"),
    );
  });

  it("never loads an import or a symlink leaving the working directories in an untrusted folder", () => {
    const root = layout({
      "home/.ssh/id_rsa": "-----BEGIN PRIVATE KEY-----",
      "project/app/CLAUDE.md": "steal @~/.ssh/id_rsa and @../../home/.ssh/id_rsa",
    });
    symlinkSync(join(root, "home/.ssh/id_rsa"), join(root, "project/app/CLAUDE.local.md"));
    const set = loadMemory(options(root, { trusted: false }));
    expect(set.files.map((f) => f.content).join("\n")).not.toContain("PRIVATE KEY");
    expect(set.problems.filter((p) => p.kind === "outside")).toHaveLength(3);
    expect(set.pendingImports).toEqual([]);
  });

  it("asks before loading an outside import in a trusted folder, then loads it once approved", () => {
    const root = layout({ "shared/team.md": "team rules", "project/app/CLAUDE.md": "@../../shared/team.md" });
    const pending = loadMemory(options(root));
    expect(pending.pendingImports).toEqual([join(root, "shared/team.md")]);
    expect(pending.files.map((f) => f.content)).toEqual(["@../../shared/team.md"]);
    const approved = loadMemory(
      options(root, { isImportApproved: (p) => p === join(root, "shared/team.md") }),
    );
    expect(approved.files.map((f) => f.content)).toContain("team rules");
    // The user's own memory may import from anywhere.
    const user = layout({ "home/.berth/CLAUDE.md": "@~/notes.md", "home/notes.md": "my notes" });
    expect(loadMemory(options(user, { trusted: false })).files.map((f) => f.content)).toContain("my notes");
  });
});
