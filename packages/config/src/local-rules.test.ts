import { readdirSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { addLocalAllowRule, addLocalRule, LocalSettingsError, removeLocalRule } from "./local-rules.js";
import { useWorkspace } from "./test-support.js";

const ws = useWorkspace();

describe("addLocalAllowRule / removeLocalRule", () => {
  it("creates .claude/settings.local.json when missing, and the loader sees the rule", () => {
    const w = ws();
    const change = addLocalAllowRule(w.project, "Bash(npm test)");
    expect(change).toEqual({ path: w.paths.local, changed: true });
    expect(JSON.parse(readFileSync(w.paths.local, "utf8"))).toEqual({
      permissions: { allow: ["Bash(npm test)"] },
    });
    const rule = w.load().rules[0];
    expect(rule).toMatchObject({
      text: "Bash(npm test)",
      list: "allow",
      source: { kind: "localProject", path: w.paths.local },
    });
  });

  it("preserves comments, other keys and formatting, and does not duplicate", () => {
    const w = ws();
    const original = [
      "{",
      "    // personal overrides",
      '    "model": "opus",',
      '    "permissions": {',
      '        "allow": [',
      '            "Read" // reading is fine',
      "        ],",
      '        "deny": ["Bash(rm *)"]',
      "    },",
      '    "env": { "A": "1" }',
      "}",
      "",
    ].join("\n");
    w.write(w.paths.local, original);
    addLocalAllowRule(w.project, "WebFetch(domain:example.com)");
    const text = readFileSync(w.paths.local, "utf8");
    expect(text).toContain("// personal overrides");
    expect(text).toContain("// reading is fine");
    expect(text).toContain('            "WebFetch(domain:example.com)"');
    const r = w.load();
    expect(r.effective.permissions.allow).toEqual(["Read", "WebFetch(domain:example.com)"]);
    expect(r.effective.permissions.deny).toEqual(["Bash(rm *)"]);
    expect(r.effective.model).toBe("opus");
    expect(r.effective.env).toEqual({ A: "1" });
    expect(addLocalAllowRule(w.project, "Read").changed).toBe(false);
    expect(readFileSync(w.paths.local, "utf8")).toBe(text);
  });

  it("adds a permissions block or list when the file has none", () => {
    const w = ws();
    w.write(w.paths.local, '{ "model": "opus" }\n');
    addLocalAllowRule(w.project, "Edit");
    expect(w.load().effective.permissions.allow).toEqual(["Edit"]);
    addLocalRule(w.project, "Bash(git push *)", "ask");
    expect(w.load().effective.permissions.ask).toEqual(["Bash(git push *)"]);
    expect(w.load().effective.model).toBe("opus");
  });

  it("refuses to touch an invalid file instead of clobbering it", () => {
    const w = ws();
    const broken = '{ "permissions": { "deny": ["Bash(rm *)"] ';
    w.write(w.paths.local, broken);
    expect(() => addLocalAllowRule(w.project, "Edit")).toThrow(LocalSettingsError);
    expect(readFileSync(w.paths.local, "utf8")).toBe(broken);
    w.write(w.paths.local, '{ "permissions": { "allow": "Read" } }');
    expect(() => addLocalAllowRule(w.project, "Edit")).toThrow(/not an array/);
    w.write(w.paths.local, "[]");
    expect(() => addLocalAllowRule(w.project, "Edit")).toThrow(/not a JSON object/);
  });

  it("refuses a symlinked local settings file", () => {
    const w = ws();
    const target = w.write(join(w.root, "elsewhere.json"), "{}");
    w.write(join(w.project, ".claude", "placeholder"), "");
    symlinkSync(target, w.paths.local);
    expect(() => addLocalAllowRule(w.project, "Edit")).toThrow(/symbolic link/);
    expect(readFileSync(target, "utf8")).toBe("{}");
  });

  it("writes atomically: keeps the file mode and leaves no temp files", () => {
    const w = ws();
    w.write(w.paths.local, "{}\n");
    const before = statSync(w.paths.local).mode & 0o777;
    addLocalAllowRule(w.project, "Read");
    expect(statSync(w.paths.local).mode & 0o777).toBe(before);
    expect(readdirSync(dirname(w.paths.local))).toEqual(["settings.local.json"]);
  });

  it("removeLocalRule removes every occurrence and keeps the rest", () => {
    const w = ws();
    w.write(
      w.paths.local,
      '{\n  // mine\n  "permissions": { "allow": ["Read", "Edit", "Read"], "deny": ["Read"] }\n}\n',
    );
    expect(removeLocalRule(w.project, "Read")).toEqual({ path: w.paths.local, changed: true });
    const text = readFileSync(w.paths.local, "utf8");
    expect(text).toContain("// mine");
    expect(w.load().effective.permissions.allow).toEqual(["Edit"]);
    expect(w.load().effective.permissions.deny).toEqual(["Read"]);
    expect(removeLocalRule(w.project, "Nope").changed).toBe(false);
    expect(removeLocalRule(w.project, "Read", "deny").changed).toBe(true);
    expect(w.load().effective.permissions.deny).toEqual([]);
  });
});
