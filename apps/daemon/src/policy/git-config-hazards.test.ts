// Real repositories made with the real git: local config, included files, linked worktrees, and
// the cache noticing changes.
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GitConfigHazards, parseGitConfig } from "./git-config-hazards";

function repo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "berth-gitcfg-")));
  git(dir, "init", "-q");
  git(dir, "config", "user.name", "t");
  git(dir, "config", "user.email", "t@example.com");
  return dir;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-C", dir, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, GIT_CONFIG_NOSYSTEM: "1" },
  });
}

describe("a repository's own git config", () => {
  it("is clean for a fresh repository and harmless keys (hooks path, fsmonitor=true, plain aliases)", () => {
    const dir = repo();
    git(dir, "config", "core.hooksPath", ".husky");
    git(dir, "config", "core.fsmonitor", "true");
    git(dir, "config", "alias.st", "status -sb");
    mkdirSync(join(dir, "sub"));
    expect(new GitConfigHazards().lookup(join(dir, "sub"))).toBeNull();
  });

  it.each([
    ["diff.external", "/tmp/x"],
    ["diff.pdf.textconv", "/tmp/x"],
    ["core.pager", "/tmp/x"],
    ["pager.log", "/tmp/x"],
    ["filter.evil.clean", "/tmp/x"],
    ["core.fsmonitor", "/tmp/x"],
    ["gpg.program", "/tmp/x"],
    ["alias.st", "!/tmp/x"],
  ])("names %s", (key, value) => {
    const dir = repo();
    git(dir, "config", key, value);
    expect(new GitConfigHazards().lookup(dir)).toBe(key.toLowerCase());
  });

  it("follows include and includeIf files, whatever their condition", () => {
    const dir = repo();
    const extra = join(dir, "extra.cfg");
    writeFileSync(extra, "[core]\n\tpager = /tmp/x\n");
    git(dir, "config", "includeIf.onbranch:nothing.path", extra);
    expect(new GitConfigHazards().lookup(dir)).toBe("core.pager");
    const rel = repo();
    writeFileSync(join(rel, ".git", "more"), '[diff "x"]\n  textconv = /tmp/x\n');
    git(rel, "config", "include.path", "more");
    expect(new GitConfigHazards().lookup(rel)).toBe("diff.x.textconv");
  });

  it("reads a linked worktree's own config.worktree and the main config", () => {
    const dir = repo();
    writeFileSync(join(dir, "a"), "a");
    git(dir, "add", "a");
    git(dir, "commit", "-qm", "a");
    const wt = join(dir, "..", `${dir.split("/").pop()}-wt`);
    git(dir, "worktree", "add", "-q", wt);
    git(dir, "config", "extensions.worktreeConfig", "true");
    const h = new GitConfigHazards();
    expect(h.lookup(wt)).toBeNull();
    git(wt, "config", "--worktree", "diff.external", "/tmp/x");
    expect(h.lookup(wt)).toBe("diff.external");
    expect(h.lookup(dir)).toBeNull();
  });

  it("is cached per repository and recomputed when a file changes or a missing include appears", () => {
    const dir = repo();
    const h = new GitConfigHazards();
    git(dir, "config", "include.path", "later.cfg");
    expect(h.lookup(dir)).toBeNull();
    writeFileSync(join(dir, ".git", "later.cfg"), "[core]\n  pager = /tmp/x\n");
    expect(h.lookup(dir)).toBe("core.pager");
    const other = repo();
    expect(h.lookup(other)).toBeNull();
    appendFileSync(join(other, ".git", "config"), "[diff]\n  external = /tmp/y\n");
    expect(h.lookup(other)).toBe("diff.external");
  });

  it("treats a line it cannot read as a hazard", () => {
    expect(
      parseGitConfig('[alias]\n  x = "!echo \\\n  foo"\n').some((e) => e.key.endsWith("<unparsable>")),
    ).toBe(true);
  });
});
