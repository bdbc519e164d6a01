// The checks whose I/O the caller does: the repository's own git config (context.gitConfigHazard)
// and hard links (context.linkCount, here the real link count of real files).
import { linkSync, lstatSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bash, ctx, engine, makeProject, type Project, tool } from "../testing/fixtures.js";

let p: Project;
beforeAll(async () => {
  p = makeProject();
  await engine();
  writeFileSync(join(p.outside, "authorized_keys"), "ssh-ed25519 AAAA me");
  linkSync(join(p.outside, "authorized_keys"), join(p.project, "keys.txt"));
});

const realLinks = (path: string) => {
  try {
    const s = lstatSync(path);
    return s.isFile() ? s.nlink : 0;
  } catch {
    return 0;
  }
};

describe("hostile repository git config", () => {
  const hostile = (dirs: string[]) => (dir: string) => {
    dirs.push(dir);
    return dir === p.project ? "diff.external" : null;
  };

  it("asks before a read-only or rule-allowed git command runs in a repository that sets a program", async () => {
    const seen: string[] = [];
    const c = ctx(p, { allow: ["Bash(git log:*)"] }, "default", { gitConfigHazard: hostile(seen) });
    for (const cmd of ["git diff", "git log -p", "git show HEAD", "git status"]) {
      const d = await bash(c, cmd);
      expect(d.behavior, cmd).toBe("ask");
      expect(d.message, cmd).toContain("diff.external");
    }
    expect(seen).toContain(p.project);
    expect((await bash(c, "ls")).behavior).toBe("allow");
    expect((await bash(ctx(p, {}, "plan", { gitConfigHazard: hostile([]) }), "git diff")).behavior).toBe(
      "deny",
    );
  });

  it("looks at the repository git -C points to, and allows a clean one", async () => {
    const seen: string[] = [];
    const c = ctx(p, {}, "default", { gitConfigHazard: hostile(seen) });
    expect((await bash(c, "git -C src diff")).behavior).toBe("allow");
    expect(seen).toEqual([join(p.project, "src")]);
    // `cd` may fail, leaving git in the hostile repository: every directory the shell may be in counts.
    expect((await bash(c, "cd src; git diff")).behavior).toBe("ask");
  });

  it("fails closed when the lookup fails or git is pointed elsewhere", async () => {
    const broken = ctx(p, {}, "default", {
      gitConfigHazard: () => {
        throw new Error("EACCES");
      },
    });
    expect((await bash(broken, "git diff")).behavior).toBe("ask");
    const clean = ctx(p, {}, "default", { gitConfigHazard: () => null });
    expect((await bash(clean, "git diff")).behavior).toBe("allow");
    expect((await bash(clean, "git --git-dir=/tmp/x/.git log")).behavior).toBe("ask");
  });
});

describe("hard links", () => {
  const c = (mode: "acceptEdits" | "bypassPermissions" = "acceptEdits") =>
    ctx(p, { allow: ["Bash(tee:*)"] }, mode, { linkCount: realLinks });

  it("asks before writing a file that has another name, whatever the mode allows", async () => {
    const edit = await tool(c(), "Edit", {
      file_path: join(p.project, "keys.txt"),
      old_string: "a",
      new_string: "b",
    });
    expect(edit).toMatchObject({ behavior: "ask", reason: { kind: "safety", check: "hard-link" } });
    expect(edit.message).toContain("hard links");
    for (const cmd of ["echo x > keys.txt", "echo x | tee keys.txt", "cp README.md keys.txt"])
      expect((await bash(c(), cmd)).behavior, cmd).toBe("ask");
  });

  it("leaves ordinary files alone, and bypass mode allows", async () => {
    expect(
      (await tool(c(), "Write", { file_path: join(p.project, "README.md"), content: "x" })).behavior,
    ).toBe("allow");
    expect((await bash(c(), "echo x > new.txt")).behavior).toBe("allow");
    expect(
      (await tool(c("bypassPermissions"), "Write", { file_path: join(p.project, "keys.txt"), content: "x" }))
        .behavior,
    ).toBe("allow");
  });

  it("asks when the link count cannot be read", async () => {
    const failing = ctx(p, {}, "acceptEdits", {
      linkCount: () => {
        throw new Error("EIO");
      },
    });
    expect(
      (await tool(failing, "Write", { file_path: join(p.project, "README.md"), content: "x" })).behavior,
    ).toBe("ask");
  });
});
