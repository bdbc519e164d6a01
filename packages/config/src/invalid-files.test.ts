import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "./diagnostics.js";
import { codes, useWorkspace } from "./test-support.js";

const ws = useWorkspace();

describe("invalid files", () => {
  it("invalid JSON is an error naming the file, line and column; the file is not applied", () => {
    const w = ws();
    w.write(w.paths.user, '{\n  "model": "opus",\n  "language" "french"\n}\n');
    const r = w.load();
    const err = r.diagnostics.find((d) => d.code === "json-syntax");
    expect(err).toMatchObject({ severity: "error", file: w.paths.user, line: 3, column: 14 });
    expect(codes(r, "error")).toContain("file-not-applied");
    expect(r.effective.model).toBeUndefined();
    expect(r.files.find((f) => f.layer === "user")?.status).toBe("invalid");
  });

  it("a wrong type names the key path and line", () => {
    const w = ws();
    w.write(
      w.paths.project,
      '{\n  "permissions": {\n    "defaultMode": "sideways",\n    "allow": "Read"\n  }\n}\n',
    );
    const r = w.load();
    const errors = r.diagnostics.filter((d) => d.severity === "error" && d.code.startsWith("invalid"));
    expect(errors.map((d) => [d.code, d.keyPath, d.line, d.column])).toEqual([
      ["invalid-value", "permissions.defaultMode", 3, 20],
      ["invalid-type", "permissions.allow", 4, 14],
    ]);
    expect(formatDiagnostic(errors[1] as (typeof errors)[number])).toBe(
      `${w.paths.project}:4:14: error [invalid-type] permissions.allow: Expected array, got a string.`,
    );
  });

  it("the last good version stays in force, and the rejected file's deny rules are added", () => {
    const w = ws();
    w.write(w.paths.project, { model: "opus", permissions: { allow: ["Read"], deny: ["Bash(rm *)"] } });
    const good = w.load();
    expect(good.lastGood.has(w.paths.project)).toBe(true);
    w.write(w.paths.project, { model: 42, permissions: { allow: ["Bash"], deny: ["WebFetch"] } });
    const r = w.load({ lastGood: good.lastGood });
    expect(r.effective.model).toBe("opus");
    expect(r.effective.permissions.allow).toEqual(["Read"]);
    expect(r.effective.permissions.deny).toEqual(["Bash(rm *)", "WebFetch"]);
    expect(r.files.find((f) => f.layer === "project")).toMatchObject({
      status: "invalid",
      usedLastGood: true,
    });
    expect(r.diagnostics.find((d) => d.code === "invalid-type")).toMatchObject({ keyPath: "model", line: 2 });
    expect(codes(r)).toContain("using-last-good");
    // The last good entry survives further bad loads; a fixed file replaces it; deletion forgets it.
    expect(w.load({ lastGood: r.lastGood }).effective.model).toBe("opus");
  });

  it("without a last good version only the readable deny/ask rules apply", () => {
    const w = ws();
    w.write(w.paths.user, {
      cleanupPeriodDays: "x",
      env: { A: "1" },
      permissions: { allow: ["Read"], ask: ["Edit"] },
    });
    const r = w.load();
    expect(r.effective.env).toEqual({});
    expect(r.rules.map((x) => x.text)).toEqual(["Edit"]);
  });

  it("cleanupPeriodDays 0 is rejected with a message naming the alternatives", () => {
    const w = ws();
    w.write(w.paths.user, { cleanupPeriodDays: 0 });
    const d = w.load().diagnostics.find((x) => x.keyPath === "cleanupPeriodDays");
    expect(d?.code).toBe("invalid-value");
    expect(d?.message).toContain("--no-session-persistence");
    expect(d?.message).toContain("CLAUDE_CODE_SKIP_PROMPT_HISTORY");
    w.write(w.paths.user, { cleanupPeriodDays: 1.5 });
    expect(w.load().diagnostics[0]?.message).toContain("at least 1");
  });

  it("JSONC comments and trailing commas parse, with warnings", () => {
    const w = ws();
    w.write(
      w.paths.user,
      '{\n  // my settings\n  "model": "opus", /* inline */\n  "permissions": { "deny": ["Read(.env)",], },\n}\n',
    );
    const r = w.load();
    expect(r.effective.model).toBe("opus");
    expect(r.effective.permissions.deny).toEqual(["Read(.env)"]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["jsonc-comments", 2],
      ["trailing-comma", 4],
      ["trailing-comma", 4],
      ["trailing-comma", 4],
    ]);
    expect(r.diagnostics[0]?.message).toContain("2 comments");
  });

  it("an empty file is {} with a warning", () => {
    const w = ws();
    w.write(w.paths.project, "");
    const r = w.load();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: "empty-file", severity: "warning", file: w.paths.project }),
    ]);
    expect(r.files.find((f) => f.layer === "project")?.status).toBe("empty");
  });

  it("a number in a rule list is an error for that entry only; the rest applies", () => {
    const w = ws();
    w.write(
      w.paths.project,
      '{\n  "permissions": {\n    "deny": [\n      42,\n      "Bash(rm *)"\n    ],\n    "allow": ["Read"]\n  }\n}\n',
    );
    const r = w.load();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "invalid-rule-entry",
        severity: "error",
        keyPath: "permissions.deny[0]",
        line: 4,
      }),
    ]);
    expect(r.effective.permissions.deny).toEqual(["Bash(rm *)"]);
    // Positions still point at the original entry after the bad one was dropped.
    expect(r.rules.find((x) => x.text === "Bash(rm *)")?.line).toBe(5);
    expect(r.effective.permissions.allow).toEqual(["Read"]);
  });

  it("malformed rule strings are kept, with a warning and the problem on the rule", () => {
    const w = ws();
    w.write(w.paths.user, {
      permissions: {
        allow: ["~/.claude/CLAUDE.md", "Bash(", "Read()", " Edit", "mcp__github__*", "Bash(npm run test:*)"],
      },
    });
    const r = w.load();
    expect(r.rules).toHaveLength(6);
    expect(r.diagnostics.filter((d) => d.code === "malformed-rule").map((d) => d.keyPath)).toEqual([
      "permissions.allow[0]",
      "permissions.allow[1]",
      "permissions.allow[2]",
      "permissions.allow[3]",
    ]);
    expect(r.rules[0]?.problem).toContain("not a tool name");
    expect(r.rules[5]?.problem).toBeUndefined();
  });

  it("env numbers and booleans become strings, with a warning", () => {
    const w = ws();
    w.write(w.paths.user, { env: { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: 1, FLAG: true, NAME: "x" } });
    const r = w.load();
    expect(r.effective.env).toEqual({
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      FLAG: "true",
      NAME: "x",
    });
    expect(codes(r)).toEqual(["env-value-coerced", "env-value-coerced"]);
  });

  it("null means unset; duplicates warn; the top level must be an object", () => {
    const w = ws();
    w.write(
      w.paths.user,
      '{ "model": "a", "model": "b", "sandbox": { "network": { "httpProxyPort": null } } }',
    );
    let r = w.load();
    expect(r.effective.model).toBe("b");
    expect(codes(r)).toEqual(["duplicate-key", "null-as-unset"]);
    w.write(w.paths.user, '["Read"]');
    r = w.load();
    expect(codes(r, "error")).toEqual(["not-an-object", "file-not-applied"]);
  });

  it("a handler without type but with a command is a command hook", () => {
    const w = ws();
    w.write(w.paths.user, {
      hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ command: "check.sh", timeout: 5 }] }] },
    });
    const r = w.load();
    expect(codes(r)).toEqual(["hook-type-defaulted"]);
    expect(r.effective.hooks.PreToolUse?.[0]?.hooks[0]).toEqual({
      type: "command",
      command: "check.sh",
      timeout: 5,
    });
  });

  it("misplaced and unknown keys warn with hints and have no effect", () => {
    const w = ws();
    w.write(w.paths.user, {
      defaultMode: "plan",
      permissions: { allowManagedPermissionRulesOnly: true },
      teamMateMode: "tmux",
      hooks: { "pre-tool-use": {} },
    });
    const r = w.load();
    expect(r.diagnostics.map((d) => [d.code, d.keyPath])).toEqual([
      ["misplaced-key", "defaultMode"],
      ["misplaced-key", "permissions.allowManagedPermissionRulesOnly"],
      ["unknown-key", "teamMateMode"],
      ["unknown-hook-event", "hooks.pre-tool-use"],
    ]);
    expect(r.effective.permissions.defaultMode).toBe("default");
    expect(r.diagnostics[2]?.message).toContain("teammateMode");
  });

  it("an `__proto__` key cannot change prototypes", () => {
    const w = ws();
    w.write(w.paths.user, '{ "__proto__": { "polluted": true }, "env": { "__proto__": "x" } }');
    const r = w.load();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((r.effective as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.effective.env)).toBe(Object.prototype);
  });
});

describe("results are independent", () => {
  it("mutating a result does not leak into the next load (last good versions are shared)", () => {
    const w = ws();
    w.write(w.paths.user, { statusLine: { type: "command", command: "ok.sh" }, env: { A: "1" } });
    const first = w.load();
    (first.effective.statusLine as { command: string }).command = "mutated";
    first.effective.env.A = "mutated";
    w.write(w.paths.user, "{ broken");
    const second = w.load({ lastGood: first.lastGood });
    expect(second.effective.statusLine?.command).toBe("ok.sh");
    expect(second.effective.env.A).toBe("1");
  });
});
