import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useWorkspace } from "./test-support.js";

const ws = useWorkspace();

describe("provenance", () => {
  it("origin(path) names the layer and file of each effective value", () => {
    const w = ws();
    w.write(w.paths.user, { model: "haiku", env: { A: "1" }, permissions: { defaultMode: "plan" } });
    w.write(w.paths.project, { env: { B: "2" } });
    const r = w.load({ cli: { model: "opus" } });
    expect(r.effective.origin("model")).toEqual({ layer: "cli", file: "--model" });
    expect(r.effective.origin("permissions.defaultMode")).toEqual({ layer: "user", file: w.paths.user });
    expect(r.effective.origin("env.A")).toEqual({ layer: "user", file: w.paths.user });
    expect(r.effective.origin("env.B")).toEqual({ layer: "project", file: w.paths.project });
    // A container reports the highest layer that contributed to it.
    expect(r.effective.origin("env")).toEqual({ layer: "project", file: w.paths.project });
    expect(r.effective.origin("nothing.here")).toBeUndefined();
  });

  it("defaults are reported as layer default", () => {
    const w = ws();
    const r = w.load();
    expect(r.origin("permissions.defaultMode")).toEqual({ layer: "default", file: null });
    expect(r.origin("cleanupPeriodDays")).toEqual({ layer: "default", file: null });
    expect(r.effective.cleanupPeriodDays).toBe(30);
  });

  it("the flat listing for --show-origin has one entry per value, including each rule", () => {
    const w = ws();
    w.write(w.paths.project, {
      permissions: { allow: ["Bash(npm test)"], defaultMode: "acceptEdits" },
      env: { X: "y" },
    });
    w.write(w.paths.user, { permissions: { allow: ["Read"] } });
    const r = w.load();
    expect(r.origins).toEqual(
      expect.arrayContaining([
        { key: "permissions.defaultMode", value: "acceptEdits", layer: "project", file: w.paths.project },
        { key: "env.X", value: "y", layer: "project", file: w.paths.project },
        { key: "permissions.allow[0]", value: "Bash(npm test)", layer: "project", file: w.paths.project },
        { key: "permissions.allow[1]", value: "Read", layer: "user", file: w.paths.user },
        { key: "cleanupPeriodDays", value: 30, layer: "default", file: null },
      ]),
    );
    // Rule origins line up with the effective lists.
    expect(r.effective.permissions.allow[1]).toBe("Read");
    expect(r.origin("permissions.allow[1]")?.layer).toBe("user");
  });

  it("each rule carries its list, source kind, path, root and line", () => {
    const w = ws();
    w.write(
      w.paths.project,
      '{\n  "permissions": {\n    "deny": [\n      "Read(/secrets/**)"\n    ]\n  }\n}\n',
    );
    w.write(w.paths.local, { permissions: { allow: ["Edit(/src/**)"] } });
    w.write(w.paths.user, { permissions: { ask: ["Read(/notes/**)"] } });
    w.write(w.paths.managed, { permissions: { deny: ["Bash(sudo *)"] } });
    const sub = join(w.project, "packages", "app");
    const r = w.load({ cwd: sub, projectRoot: w.project, cli: { allowedTools: ["Read(/tmp/**)"] } });
    const byText = Object.fromEntries(r.rules.map((x) => [x.text, x]));
    expect(byText["Read(/secrets/**)"]).toMatchObject({
      list: "deny",
      source: { kind: "project", path: w.paths.project, root: w.project },
      line: 4,
      column: 7,
    });
    expect(byText["Edit(/src/**)"]?.source).toEqual({ kind: "localProject", path: w.paths.local, root: sub });
    expect(byText["Read(/notes/**)"]?.source).toEqual({
      kind: "user",
      path: w.paths.user,
      root: w.berthHome,
    });
    expect(byText["Read(/tmp/**)"]?.source).toEqual({ kind: "cli", path: "--allowedTools", root: sub });
    expect(byText["Bash(sudo *)"]?.source.kind).toBe("managed");
  });

  it("hook groups in the origin listing name their file", () => {
    const w = ws();
    w.write(w.paths.user, { hooks: { Stop: [{ hooks: [{ type: "command", command: "done.sh" }] }] } });
    const r = w.load();
    expect(r.origin("hooks.Stop[0]")).toEqual({ layer: "user", file: w.paths.user });
    expect(r.effective.hooks.Stop?.[0]?.source.path).toBe(w.paths.user);
  });

  it("the effective object stays plain data (origin is not enumerable)", () => {
    const w = ws();
    w.write(w.paths.user, { model: "opus" });
    const r = w.load();
    expect(Object.keys(r.effective)).not.toContain("origin");
    expect(JSON.parse(JSON.stringify(r.effective)).model).toBe("opus");
  });
});
