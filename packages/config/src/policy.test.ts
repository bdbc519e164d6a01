import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { codes, useWorkspace } from "./test-support.js";

const ws = useWorkspace();

describe("managed policy", () => {
  it("managed-only keys are ignored, with a warning, everywhere but managed policy", () => {
    const w = ws();
    w.write(w.paths.user, {
      allowManagedPermissionRulesOnly: true,
      allowManagedHooksOnly: true,
      allowedMcpServers: [{ serverName: "x" }],
      strictKnownMarketplaces: true, // wrong type too, but ignored before validation
      sandbox: { network: { allowManagedDomainsOnly: true } },
      permissions: { allow: ["Read"] },
    });
    const r = w.load();
    const warnings = r.diagnostics.filter((d) => d.code === "managed-only-key");
    expect(warnings.map((d) => d.keyPath).sort()).toEqual([
      "allowManagedHooksOnly",
      "allowManagedPermissionRulesOnly",
      "allowedMcpServers",
      "sandbox.network.allowManagedDomainsOnly",
      "strictKnownMarketplaces",
    ]);
    expect(warnings.every((d) => d.severity === "warning" && d.line !== undefined)).toBe(true);
    expect(r.effective.allowManagedPermissionRulesOnly).toBeUndefined();
    expect(r.effective.allowedMcpServers).toBeUndefined();
    expect(r.rules).toHaveLength(1);
    expect(codes(r, "error")).toEqual([]);
  });

  it("managed-only keys apply from managed policy", () => {
    const w = ws();
    w.write(w.paths.managed, { allowedMcpServers: [{ serverName: "github" }], strictKnownMarketplaces: [] });
    const r = w.load();
    expect(r.effective.allowedMcpServers).toEqual([{ serverName: "github" }]);
    expect(r.effective.strictKnownMarketplaces).toEqual([]);
  });

  it("allowManagedPermissionRulesOnly drops rules from every other layer, flags included", () => {
    const w = ws();
    w.write(w.paths.managed, {
      allowManagedPermissionRulesOnly: true,
      permissions: { allow: ["Read"], deny: ["Bash(rm *)"] },
    });
    w.write(w.paths.user, {
      permissions: { allow: ["Bash"], deny: ["WebFetch"], additionalDirectories: ["/data"] },
    });
    w.write(w.paths.project, { permissions: { ask: ["Edit"] } });
    const r = w.load({ cli: { allowedTools: ["Edit"] } });
    expect(r.rules.map((x) => `${x.list}:${x.text}:${x.source.kind}`)).toEqual([
      "allow:Read:managed",
      "deny:Bash(rm *):managed",
    ]);
    const info = r.diagnostics.filter((d) => d.code === "managed-rules-only");
    expect(info.map((d) => [d.file, d.message.split(" ")[0]])).toEqual([
      ["--allowedTools", "1"],
      [w.paths.project, "1"],
      [w.paths.user, "2"],
    ]);
    expect(r.directories).toHaveLength(1); // directories are not rules
    expect(r.canPersistRules).toBe(false);
  });

  it("allowManagedHooksOnly keeps only managed hooks", () => {
    const w = ws();
    const hook = { hooks: [{ type: "command", command: "x" }] };
    w.write(w.paths.managed, { allowManagedHooksOnly: true, hooks: { Stop: [hook] } });
    w.write(w.paths.user, { hooks: { Stop: [hook], PreToolUse: [hook] } });
    const r = w.load();
    expect(r.effective.hooks.Stop?.map((g) => g.source.kind)).toEqual(["managed"]);
    expect(r.effective.hooks.PreToolUse).toBeUndefined();
    expect(codes(r)).toContain("managed-hooks-only");
  });

  it('disableBypassPermissionsMode: "disable" refuses bypassPermissions', () => {
    const w = ws();
    w.write(w.paths.managed, { permissions: { disableBypassPermissionsMode: "disable" } });
    w.write(w.paths.user, { permissions: { defaultMode: "bypassPermissions" } });
    let r = w.load();
    expect(r.bypassAllowed).toBe(false);
    expect(r.effective.permissions.defaultMode).toBe("default");
    expect(r.diagnostics.find((d) => d.code === "bypass-disabled")?.file).toBe(w.paths.user);
    r = w.load({ cli: { permissionMode: "bypassPermissions" } });
    expect(r.effective.permissions.defaultMode).toBe("default");
    w.write(w.paths.managed, {});
    expect(w.load().bypassAllowed).toBe(true);
    expect(w.load().effective.permissions.defaultMode).toBe("bypassPermissions");
  });

  it("disableAutoMode refuses auto; manual is normalised to default", () => {
    const w = ws();
    w.write(w.paths.user, { disableAutoMode: "disable", permissions: { defaultMode: "auto" } });
    expect(w.load().effective.permissions.defaultMode).toBe("default");
    expect(codes(w.load())).toContain("auto-mode-disabled");
    w.write(w.paths.user, { permissions: { defaultMode: "manual" } });
    expect(w.load().effective.permissions.defaultMode).toBe("default");
  });

  it("managed cleanupPeriodDays, env and spendLimits win", () => {
    const w = ws();
    w.write(w.paths.managed, {
      cleanupPeriodDays: 7,
      env: { DISABLE_TELEMETRY: "1" },
      spendLimits: { dailyUsd: 20 },
    });
    w.write(w.paths.local, {
      cleanupPeriodDays: 365,
      env: { DISABLE_TELEMETRY: "" },
      spendLimits: { dailyUsd: 1000, sessionUsd: 5 },
    });
    const r = w.load();
    expect(r.effective.cleanupPeriodDays).toBe(7);
    expect(r.effective.env.DISABLE_TELEMETRY).toBe("1");
    expect(r.effective.spendLimits).toEqual({ dailyUsd: 20, sessionUsd: 5, warnAtFraction: 0.8 });
    expect(r.origin("spendLimits.dailyUsd")).toEqual({ layer: "managed", file: w.paths.managed });
  });

  it("the extra managed path adds policy but cannot hide or override the system file", () => {
    const w = ws();
    w.write(w.paths.managed, {
      model: "haiku",
      permissions: { deny: ["Bash(curl *)"], disableBypassPermissionsMode: "disable" },
    });
    w.write(w.paths.extraManaged, {
      model: "opus",
      language: "english",
      permissions: { deny: ["WebFetch"] },
    });
    const r = w.load({ env: { BERTH_MANAGED_SETTINGS_PATH: w.paths.extraManaged } });
    expect(r.effective.model).toBe("haiku");
    expect(r.effective.language).toBe("english");
    expect(r.effective.permissions.deny).toEqual(["Bash(curl *)", "WebFetch"]);
    expect(r.bypassAllowed).toBe(false);
    expect(r.files.filter((f) => f.layer === "managed").map((f) => f.path)).toEqual([
      w.paths.managed,
      w.paths.extraManaged,
    ]);
    // The option works the same way, and naming the system file as the extra path changes nothing.
    expect(w.load({ extraManagedPath: w.paths.extraManaged }).effective.language).toBe("english");
    expect(
      w.load({ extraManagedPath: w.paths.managed }).files.filter((f) => f.layer === "managed"),
    ).toHaveLength(1);
  });
});

describe("fail closed", () => {
  const setup = () => {
    const w = ws();
    w.write(w.paths.user, {
      permissions: {
        allow: ["Bash(npm test)"],
        deny: ["Read(./.env)"],
        ask: ["Bash(git push *)"],
        defaultMode: "acceptEdits",
        additionalDirectories: ["/x"],
      },
      hooks: { Stop: [{ hooks: [{ type: "command", command: "x" }] }] },
      statusLine: { type: "command", command: "s" },
      env: { KEEP: "1" },
      enableAllProjectMcpServers: true,
    });
    return w;
  };

  const expectLockedDown = (r: ReturnType<ReturnType<typeof ws>["load"]>) => {
    expect(r.policyError).toBeDefined();
    expect(codes(r, "error")).toContain("policy-invalid");
    expect(r.effective.permissions.allow).toEqual([]);
    expect(r.effective.permissions.deny).toContain("Read(./.env)");
    expect(r.effective.permissions.ask).toContain("Bash(git push *)");
    expect(r.effective.permissions.defaultMode).toBe("default");
    expect(r.origin("permissions.defaultMode")).toEqual({ layer: "lockdown", file: null });
    expect(r.effective.permissions.additionalDirectories).toEqual([]);
    expect(r.bypassAllowed).toBe(false);
    expect(r.canPersistRules).toBe(false);
    expect(r.effective.hooks).toEqual({});
    expect(r.effective.statusLine).toBeUndefined();
    expect(r.effective.enableAllProjectMcpServers).toBeUndefined();
    expect(r.effective.allowedMcpServers).toEqual([]);
    expect(r.effective.allowManagedHooksOnly).toBe(true);
    expect(r.effective.permissions.disableBypassPermissionsMode).toBe("disable");
    expect(r.effective.env).toEqual({ KEEP: "1" });
  };

  it("an invalid JSON managed file locks settings down", () => {
    const w = setup();
    w.write(w.paths.managed, '{ "permissions": { "deny": ["Bash(rm *)"] ');
    const r = w.load({ cli: { allowedTools: ["Edit"], permissionMode: "bypassPermissions" } });
    expectLockedDown(r);
    expect(r.policyError?.files).toEqual([w.paths.managed]);
  });

  it("a managed file with a wrong type locks down but still applies its readable deny rules", () => {
    const w = setup();
    w.write(w.paths.managed, { cleanupPeriodDays: "seven", permissions: { deny: ["Bash(rm *)"] } });
    const r = w.load();
    expectLockedDown(r);
    expect(r.rules.find((x) => x.text === "Bash(rm *)")?.source.kind).toBe("managed");
  });

  it("an unreadable managed file (a directory in its place) locks down", () => {
    const w = setup();
    mkdirSync(w.paths.managed, { recursive: true });
    const r = w.load();
    expectLockedDown(r);
    expect(codes(r)).toContain("file-unreadable");
  });

  it("an invalid extra managed file locks down too", () => {
    const w = setup();
    w.write(w.paths.extraManaged, "[1, 2]");
    expectLockedDown(w.load({ extraManagedPath: w.paths.extraManaged }));
  });

  it("the managed file's last good version stays in force, minus its allow rules", () => {
    const w = setup();
    w.write(w.paths.managed, {
      cleanupPeriodDays: 3,
      permissions: { deny: ["Bash(sudo *)"], allow: ["Read"] },
    });
    const first = w.load();
    expect(first.policyError).toBeUndefined();
    w.write(w.paths.managed, "{ not json");
    const r = w.load({ lastGood: first.lastGood });
    expectLockedDown(r);
    expect(r.effective.cleanupPeriodDays).toBe(3);
    expect(r.effective.permissions.deny).toContain("Bash(sudo *)");
    expect(codes(r)).toContain("using-last-good");
  });

  it("a missing managed file is no policy; an empty one is {} with a warning", () => {
    const w = setup();
    expect(w.load().policyError).toBeUndefined();
    w.write(w.paths.managed, "  \n");
    const r = w.load();
    expect(r.policyError).toBeUndefined();
    expect(codes(r)).toContain("empty-file");
    expect(r.files[0]?.status).toBe("empty");
  });
});
