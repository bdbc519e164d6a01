// Every real-world settings file in shared/corpora/real-configs loads in its natural layer:
// valid files without errors and with every rule accounted for; the odd files listed in the
// corpus SOURCES.md with specific diagnostics; nothing crashes.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { loadSettings } from "./load.js";
import { repoRoot } from "./test-support.js";
import type { LoadOptions, SettingsResult } from "./types.js";

// In CI the repository is cloned elsewhere with shared/ copied beside it: always <repo>/../shared.
const corpus = resolve(repoRoot, "../shared/corpora/real-configs");
const DIRS = ["settings", "settings-local", "managed"] as const;
type Dir = (typeof DIRS)[number];

const PROJECT = "/corpus/project";
const LAYER_PATH: Record<Dir, string> = {
  settings: `${PROJECT}/.claude/settings.json`,
  "settings-local": `${PROJECT}/.claude/settings.local.json`,
  managed: "/corpus/etc/managed-settings.json",
};
const USER = "/corpus/home/.berth/settings.json";

function load(dir: Dir, name: string, extra: Partial<LoadOptions> = {}, userText?: string): SettingsResult {
  const text = readFileSync(join(corpus, dir, name), "utf8");
  return loadSettings({
    cwd: PROJECT,
    homeDir: "/corpus/home",
    managedPaths: [LAYER_PATH.managed],
    projectTrusted: true,
    env: {},
    readFile: (p) => (p === LAYER_PATH[dir] ? text : p === USER ? userText : undefined),
    ...extra,
  });
}

function rawRules(dir: Dir, name: string): Record<"allow" | "ask" | "deny", string[]> {
  const value = parse(readFileSync(join(corpus, dir, name), "utf8"), [], { allowTrailingComma: true }) ?? {};
  const permissions = typeof value.permissions === "object" && value.permissions ? value.permissions : {};
  const list = (k: string) =>
    Array.isArray(permissions[k]) ? permissions[k].filter((r: unknown) => typeof r === "string") : [];
  return { allow: list("allow"), ask: list("ask"), deny: list("deny") };
}

const files = DIRS.flatMap((dir) =>
  readdirSync(join(corpus, dir))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((name) => ({ dir, name })),
);

/** Files that are invalid on purpose, with the error they must produce. */
const INVALID: Record<string, string[]> = {
  "settings/askb__dotclaude__settings.json": [
    "invalid-type@hooks.SessionStart[0].hooks",
    "file-not-applied@",
  ],
  "managed/Glori-Holdings__quetrex-plugins__managed-settings.json": [
    "invalid-type@strictKnownMarketplaces",
    "file-not-applied@",
    "policy-invalid@",
  ],
};

/** Odd files and diagnostics they must carry (code@keyPath), beyond unknown keys. */
const ODD: Record<string, string[]> = {
  "settings/Kaylebor__dotfiles__dot_claude_settings.json": ["jsonc-comments@"],
  "settings/DavidNix__dotfiles__claude_settings_2.json": ["duplicate-key@model"],
  "settings/Mistobaan__dotfiles__dot_claude_settings.json": [
    "unknown-hook-event@hooks.pre-tool-use",
    "unknown-hook-event@hooks.post-tool-use",
  ],
  "settings/Isaac-Hammett__gymnastics-graphics__claude_settings.json": ["misplaced-key@mcpServers"],
  "settings/anthropics__claude-code__examples_settings_settings-strict.json": [
    "managed-only-key@allowManagedPermissionRulesOnly",
    "null-as-unset@sandbox.network.httpProxyPort",
  ],
  "settings/askb__dotclaude__settings.json": [
    "hook-type-defaulted@hooks.PreToolUse[0].hooks[0]",
    "hook-type-defaulted@hooks.PostToolUse[0].hooks[0]",
  ],
  "settings/schoblaska__dotclaude__global_settings.json": [
    "malformed-rule@permissions.allow[29]",
    "malformed-rule@permissions.allow[36]",
  ],
  "managed/kyxap1__claude-sandbox__devcontainer_managed-settings.json": [
    "env-value-coerced@env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
  ],
  "managed/simcap__claudeconfig__managed-settings.json": [
    "env-value-coerced@env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
  ],
  "managed/tomtyiu__Claude_Code_Security__managed-settings.json": [
    "env-value-coerced@env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
  ],
  "managed/mhshah92__claude-code-hardening__managed-settings.json": [
    "misplaced-key@permissions.allowManagedPermissionRulesOnly",
  ],
  "managed/wwbrannon__claude-sandbox-images__managed-settings.json": [
    "misplaced-key@defaultMode",
    "misplaced-key@disableBypassPermissionsMode",
    "unknown-key@permissionRules",
    "unknown-hook-event@hooks.beforeTool",
  ],
};

const tag = (r: SettingsResult) => r.diagnostics.map((d) => `${d.code}@${d.keyPath}`);

describe("real-world corpus", () => {
  it("finds the corpus beside the repository", () => {
    expect(files.length).toBeGreaterThanOrEqual(130);
    for (const key of [...Object.keys(INVALID), ...Object.keys(ODD)]) {
      expect(
        files.some((f) => `${f.dir}/${f.name}` === key),
        key,
      ).toBe(true);
    }
  });

  it.each(files)("$dir/$name loads, with every rule accounted for", ({ dir, name }) => {
    const key = `${dir}/${name}`;
    const r = load(dir, name);
    const errors = r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}@${d.keyPath}`);
    expect(errors).toEqual(INVALID[key] ?? []);
    expect(tag(r)).toEqual(expect.arrayContaining(ODD[key] ?? []));
    for (const d of r.diagnostics) expect(d.file).toBe(LAYER_PATH[dir]);

    const raw = rawRules(dir, name);
    if (INVALID[key]) {
      // Rejected, no last good version: only its deny/ask rules apply.
      expect(r.effective.permissions.allow).toEqual([]);
      expect(r.effective.permissions.deny).toEqual(raw.deny);
      return;
    }
    expect(r.effective.permissions.allow).toEqual(raw.allow);
    expect(r.effective.permissions.ask).toEqual(raw.ask);
    expect(r.effective.permissions.deny).toEqual(raw.deny);
    expect(r.rules).toHaveLength(raw.allow.length + raw.ask.length + raw.deny.length);
    expect(r.rules.every((rule) => rule.source.path === LAYER_PATH[dir] && rule.line !== undefined)).toBe(
      true,
    );
  });

  it.each(files.filter((f) => f.dir !== "managed"))(
    "$dir/$name from an untrusted folder can only restrict",
    ({ dir, name }) => {
      const r = load(dir, name, { projectTrusted: false });
      expect(r.rules.filter((rule) => rule.list === "allow")).toEqual([]);
      expect(r.effective.env).toEqual({});
      expect(r.effective.hooks).toEqual({});
      expect(r.effective.apiKeyHelper).toBeUndefined();
      expect(r.effective.permissions.additionalDirectories).toEqual([]);
      expect(["default", "plan", "dontAsk"]).toContain(r.effective.permissions.defaultMode);
      if (!INVALID[`${dir}/${name}`]) expect(r.effective.permissions.deny).toEqual(rawRules(dir, name).deny);
    },
  );

  it.each(files.filter((f) => f.dir === "managed"))("managed $name governs a user file", ({ name }) => {
    const userText = JSON.stringify({
      permissions: { allow: ["Bash(user-rule)"] },
      allowManagedHooksOnly: true,
    });
    const r = load("managed", name, {}, userText);
    const raw = parse(readFileSync(join(corpus, "managed", name), "utf8"));
    const userRule = r.rules.some((rule) => rule.text === "Bash(user-rule)");
    expect(userRule).toBe(raw.allowManagedPermissionRulesOnly !== true && !r.policyError);
    // A failed policy is locked down, which includes "managed hooks only".
    expect(r.effective.allowManagedHooksOnly).toBe(r.policyError ? true : raw.allowManagedHooksOnly);
    expect(r.bypassAllowed).toBe(
      raw.permissions?.disableBypassPermissionsMode !== "disable" && !r.policyError,
    );
  });

  it("specific odd files: empty objects, coerced env, fail-closed policy", () => {
    for (const name of [
      "IronAdamant__coordinationhub__claude_settings.json",
      "SuperClaude-Org__SuperClaude_Framework__claude_settings.json",
    ]) {
      const r = load("settings", name);
      expect(r.diagnostics).toEqual([]);
      expect(r.rules).toEqual([]);
    }
    expect(
      load("managed", "kyxap1__claude-sandbox__devcontainer_managed-settings.json").effective.env,
    ).toEqual({
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      CLAUDE_CODE_IDE_SKIP_AUTO_INSTALL: "1",
      CLAUDE_CODE_DISABLE_TERMINAL_TITLE: "1",
    });
    // `"strictKnownMarketplaces": true` is not a valid list: the policy fails closed.
    const glori = load("managed", "Glori-Holdings__quetrex-plugins__managed-settings.json");
    expect(glori.policyError?.files).toEqual([LAYER_PATH.managed]);
    expect(glori.bypassAllowed).toBe(false);
    expect(glori.effective.permissions.deny.length).toBeGreaterThan(0);
    // Misplaced top-level keys in a managed file have no effect (and say so).
    const ww = load("managed", "wwbrannon__claude-sandbox-images__managed-settings.json");
    expect(ww.bypassAllowed).toBe(true);
    expect(ww.diagnostics.find((d) => d.keyPath === "disableBypassPermissionsMode")?.message).toContain(
      "permissions",
    );
  });
});
