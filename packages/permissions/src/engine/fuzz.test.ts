// decide() must be total: random commands, paths, inputs and contexts always yield a decision,
// and never `allow` for a command the analyser does not understand.
import { beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../oracle/generator.js";
import { ctx, engine, makeProject, type Project } from "../testing/fixtures.js";
import type { PermissionContext } from "../types.js";

let p: Project;
beforeAll(async () => {
  p = makeProject();
  await engine();
});

const ALPHABET = "abcrm -/.~*?[]{}()<>|&;$`'\"\\\n\t#!=:%@^,\u0000\u0007\u00a0\u200b\u0440é😀12";

function randomString(r: () => number, max: number): string {
  let s = "";
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += [...ALPHABET][Math.floor(r() * [...ALPHABET].length)];
  return s;
}

describe("never throws", () => {
  it("random commands and paths", async () => {
    const e = await engine();
    const r = mulberry32(99);
    const contexts: PermissionContext[] = [
      ctx(p, { allow: ["Bash(*)", "Read", "Edit"] }),
      ctx(p, {}, "acceptEdits"),
      ctx(p, { deny: ["Bash(rm *)"] }, "bypassPermissions"),
      ctx(p, {}, "plan"),
      ctx(p, {}, "dontAsk", { platform: "darwin" }),
    ];
    for (let i = 0; i < 3000; i++) {
      const c = contexts[i % contexts.length] as PermissionContext;
      const s = randomString(r, 40);
      const d1 = e.decide({ tool: "Bash", input: { command: s } }, c);
      expect(["allow", "ask", "deny"]).toContain(d1.behavior);
      if (d1.behavior === "allow" && c.mode !== "bypassPermissions")
        expect(e.inspectCommand(s).understood, JSON.stringify(s)).toBe(true);
      for (const t of ["Read", "Write", "Glob", "Grep", "LS", "NotebookEdit"]) {
        const d = e.decide({ tool: t, input: { file_path: s, path: s, pattern: s, notebook_path: s } }, c);
        expect(["allow", "ask", "deny"]).toContain(d.behavior);
      }
      expect(["allow", "ask", "deny"]).toContain(
        e.decide({ tool: "WebFetch", input: { url: s } }, c).behavior,
      );
    }
  });

  it("hostile inputs and broken contexts", async () => {
    const e = await engine();
    const c = ctx(p);
    const weird: unknown[] = [
      null,
      undefined,
      1,
      [],
      {},
      {
        toString: () => {
          throw new Error("boom");
        },
      },
    ];
    for (const w of weird) {
      for (const t of ["Bash", "Read", "Edit", "WebFetch", "mcp__a__b", "", "constructor", "__proto__"]) {
        const d = e.decide({ tool: t, input: { command: w, file_path: w, url: w } } as never, c);
        expect(["ask", "deny", "allow"]).toContain(d.behavior);
      }
      expect(e.decide(w as never, c).behavior).toBe("ask");
    }
    const throwing: PermissionContext = {
      ...c,
      resolvePath: () => {
        throw new Error("EIO");
      },
    };
    expect(e.decide({ tool: "Read", input: { file_path: "README.md" } }, throwing).behavior).toBe("ask");
    expect(e.decide({ tool: "Bash", input: { command: "cat README.md" } }, throwing).behavior).toBe("ask");
    const broken = { ...c, rules: null } as unknown as PermissionContext;
    expect(e.decide({ tool: "Bash", input: { command: "ls" } }, broken)).toMatchObject({
      behavior: "ask",
      reason: { check: "internal-error" },
    });
  });
});
