import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codes, useWorkspace } from "./test-support.js";

const ws = useWorkspace();

describe("precedence and merge", () => {
  it("scalars: the highest layer that sets a key wins, unset keys fall through", () => {
    const w = ws();
    w.write(w.paths.user, { model: "haiku", language: "french", outputStyle: "Learning" });
    w.write(w.paths.project, { model: "sonnet", language: "german" });
    w.write(w.paths.local, { model: "opus" });
    const r = w.load();
    expect(r.effective.model).toBe("opus");
    expect(r.effective.language).toBe("german");
    expect(r.effective.outputStyle).toBe("Learning");
    expect(r.diagnostics).toEqual([]);
  });

  it("managed beats the command line, which beats every file", () => {
    const w = ws();
    w.write(w.paths.local, { model: "opus", permissions: { defaultMode: "plan" } });
    const cli = { model: "sonnet", permissionMode: "acceptEdits" };
    expect(w.load({ cli }).effective.model).toBe("sonnet");
    expect(w.load({ cli }).effective.permissions.defaultMode).toBe("acceptEdits");
    w.write(w.paths.managed, { model: "haiku" });
    expect(w.load({ cli }).effective.model).toBe("haiku");
  });

  it("objects such as env merge key by key, higher layer winning per key", () => {
    const w = ws();
    w.write(w.paths.user, {
      env: { A: "user", B: "user" },
      sandbox: { enabled: false, network: { allowedDomains: ["a.com"] } },
    });
    w.write(w.paths.project, {
      env: { B: "project", C: "project" },
      sandbox: { network: { allowLocalBinding: true } },
    });
    w.write(w.paths.managed, { env: { C: "managed" } });
    const r = w.load();
    expect(r.effective.env).toEqual({ A: "user", B: "project", C: "managed" });
    expect(r.effective.sandbox).toEqual({
      enabled: false,
      network: { allowedDomains: ["a.com"], allowLocalBinding: true },
    });
  });

  it("permission arrays concatenate across layers and keep duplicates with their sources", () => {
    const w = ws();
    w.write(w.paths.user, { permissions: { allow: ["Bash(ls *)", "Read"], deny: ["Read(./.env)"] } });
    w.write(w.paths.project, { permissions: { allow: ["Bash(npm test)"], ask: ["Bash(git push *)"] } });
    w.write(w.paths.local, { permissions: { allow: ["Read"] } });
    const r = w.load({ cli: { allowedTools: ["Edit"], disallowedTools: ["WebFetch"] } });
    expect(r.effective.permissions.allow).toEqual(["Edit", "Read", "Bash(npm test)", "Bash(ls *)", "Read"]);
    expect(r.effective.permissions.deny).toEqual(["WebFetch", "Read(./.env)"]);
    expect(r.effective.permissions.ask).toEqual(["Bash(git push *)"]);
    expect(r.rules.map((x) => [x.list, x.text, x.source.kind])).toEqual([
      ["allow", "Edit", "cli"],
      ["allow", "Read", "localProject"],
      ["allow", "Bash(npm test)", "project"],
      ["allow", "Bash(ls *)", "user"],
      ["allow", "Read", "user"],
      ["ask", "Bash(git push *)", "project"],
      ["deny", "WebFetch", "cli"],
      ["deny", "Read(./.env)", "user"],
    ]);
  });

  it("a deny from a lower layer is kept next to a higher allow of the same rule", () => {
    const w = ws();
    w.write(w.paths.user, { permissions: { deny: ["Bash(curl *)"] } });
    w.write(w.paths.local, { permissions: { allow: ["Bash(curl *)"] } });
    const r = w.load({ cli: { allowedTools: ["Bash(curl *)"] } });
    expect(r.effective.permissions.deny).toEqual(["Bash(curl *)"]);
    expect(r.effective.permissions.allow).toEqual(["Bash(curl *)", "Bash(curl *)"]);
  });

  it("additional directories concatenate and resolve against each source's root", () => {
    const w = ws();
    w.write(w.paths.user, { permissions: { additionalDirectories: ["~/notes", "shared"] } });
    w.write(w.paths.project, { permissions: { additionalDirectories: ["../docs", "//opt/data"] } });
    const r = w.load({ cli: { addDirs: ["vendor"] } });
    expect(r.directories.map((d) => [d.path, d.resolved, d.source.kind])).toEqual([
      ["vendor", join(w.project, "vendor"), "cli"],
      ["../docs", join(w.root, "docs"), "project"],
      ["//opt/data", "/opt/data", "project"],
      ["~/notes", join(w.home, "notes"), "user"],
      ["shared", join(w.berthHome, "shared"), "user"],
    ]);
    expect(r.effective.permissions.additionalDirectories).toEqual(r.directories.map((d) => d.resolved));
  });

  it("hooks concatenate per event, each group keeping its source", () => {
    const w = ws();
    const hook = (command: string) => ({ matcher: "Bash", hooks: [{ type: "command", command }] });
    w.write(w.paths.user, { hooks: { PreToolUse: [hook("user.sh")], Stop: [hook("stop.sh")] } });
    w.write(w.paths.project, { hooks: { PreToolUse: [hook("project.sh")] } });
    w.write(w.paths.managed, { hooks: { PreToolUse: [hook("managed.sh")] } });
    const r = w.load();
    const pre = r.effective.hooks.PreToolUse ?? [];
    expect(pre.map((g) => [g.hooks[0]?.type === "command" && g.hooks[0].command, g.source.kind])).toEqual([
      ["managed.sh", "managed"],
      ["project.sh", "project"],
      ["user.sh", "user"],
    ]);
    expect(r.effective.hooks.Stop).toHaveLength(1);
  });

  it("other arrays concatenate without duplicates; availableModels from managed replaces; fallbackModel is whole", () => {
    const w = ws();
    w.write(w.paths.user, {
      companyAnnouncements: ["a", "b"],
      availableModels: ["opus"],
      fallbackModel: ["haiku", "sonnet"],
    });
    w.write(w.paths.project, {
      companyAnnouncements: ["b", "c"],
      availableModels: ["sonnet"],
      fallbackModel: ["opus"],
    });
    let r = w.load();
    expect(r.effective.companyAnnouncements).toEqual(["b", "c", "a"]);
    expect(r.effective.availableModels).toEqual(["sonnet", "opus"]);
    expect(r.effective.fallbackModel).toEqual(["opus"]);
    w.write(w.paths.managed, { availableModels: ["haiku"] });
    r = w.load();
    expect(r.effective.availableModels).toEqual(["haiku"]);
  });

  it("statusLine is taken whole from the highest layer", () => {
    const w = ws();
    w.write(w.paths.user, { statusLine: { type: "command", command: "user.sh", padding: 2 } });
    w.write(w.paths.project, { statusLine: { type: "command", command: "project.sh" } });
    expect(w.load().effective.statusLine).toEqual({ type: "command", command: "project.sh" });
  });

  it("--settings accepts a file (relative to cwd) or inline JSON, below the other flags", () => {
    const w = ws();
    w.write(join(w.project, "ci.json"), { model: "haiku", permissions: { allow: ["Read(/src/**)"] } });
    let r = w.load({ cli: { settings: "ci.json" } });
    expect(r.effective.model).toBe("haiku");
    expect(r.rules[0]?.source).toEqual({ kind: "cli", path: join(w.project, "ci.json"), root: w.project });
    r = w.load({ cli: { settings: '{"model":"opus","cleanupPeriodDays":7}', model: "sonnet" } });
    expect(r.effective.model).toBe("sonnet");
    expect(r.effective.cleanupPeriodDays).toBe(7);
    expect(r.origin("cleanupPeriodDays")).toEqual({ layer: "cli", file: "--settings" });
  });

  it("a missing --settings file is an error; an invalid --permission-mode is rejected", () => {
    const w = ws();
    const r = w.load({ cli: { settings: "nope.json", permissionMode: "yolo" } });
    expect(codes(r, "error")).toEqual(expect.arrayContaining(["settings-file-missing", "invalid-value"]));
    expect(r.effective.permissions.defaultMode).toBe("default");
  });

  it("unknown keys are kept in the effective settings", () => {
    const w = ws();
    w.write(w.paths.user, { futureKey: { nested: 1 }, permissions: { futurePerm: true } });
    const r = w.load();
    expect(r.effective.futureKey).toEqual({ nested: 1 });
    expect(r.effective.permissions.futurePerm).toBe(true);
    expect(codes(r)).toEqual(["unknown-key", "unknown-key"]);
  });

  it("--setting-sources limits the file scopes but never managed or flags", () => {
    const w = ws();
    w.write(w.paths.user, { model: "haiku" });
    w.write(w.paths.project, { model: "sonnet" });
    w.write(w.paths.managed, { language: "dutch" });
    const r = w.load({ settingSources: ["user"], cli: { addDirs: ["x"] } });
    expect(r.effective.model).toBe("haiku");
    expect(r.effective.language).toBe("dutch");
    expect(r.directories).toHaveLength(1);
  });
});
