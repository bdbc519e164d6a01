// Keys that only managed policy may set. In any other file they are ignored with a warning,
// because honouring them there would let a user or a repository change policy.
import { z } from "zod";
import { lazy } from "./lazy.js";

export const policyShape = lazy(() => ({
  allowManagedPermissionRulesOnly: z
    .boolean()
    .describe(
      "(Managed only) Only managed allow/ask/deny rules apply; rules from every other file and from " +
        '`--allowedTools`/`--disallowedTools` are ignored, and "always allow" answers are not saved.',
    )
    .optional(),
  allowManagedHooksOnly: z
    .boolean()
    .describe("(Managed only) Only managed hooks run; hooks from every other file are ignored.")
    .optional(),
  forceRemoteSettingsRefresh: z
    .boolean()
    .describe("(Managed only) Block startup until remote managed settings are fetched.")
    .optional(),
  parentSettingsBehavior: z
    .enum(["first-wins", "merge"])
    .describe("(Managed only) How SDK-provided managed settings merge with inherited ones.")
    .optional(),
  policyHelper: z
    .looseObject({
      path: z.string().describe("Absolute path of the helper executable."),
      timeoutMs: z.number().int().optional(),
      refreshIntervalMs: z.number().int().optional(),
    })
    .describe("(Managed only) Executable that computes managed settings at startup.")
    .optional(),
  disableSideloadFlags: z
    .boolean()
    .describe("(Managed only) Disable flags that side-load plugins, agents or settings.")
    .optional(),
  wslInheritsWindowsSettings: z
    .boolean()
    .describe("(Managed only) WSL also reads the Windows managed policy.")
    .optional(),
  claudeMd: z
    .string()
    .describe("(Managed only) Organisation instructions injected as managed memory.")
    .optional(),
  requiredMinimumVersion: z
    .string()
    .describe("(Managed only) Refuse to start below this version.")
    .optional(),
  requiredMaximumVersion: z
    .string()
    .describe("(Managed only) Refuse to start above this version.")
    .optional(),
  sshHostAllowlist: z
    .array(z.string())
    .describe("(Managed only) Hosts desktop SSH sessions may reach.")
    .optional(),
}));

/**
 * Key paths honoured only from managed policy (reference §1.3, plus the MCP allow/deny lists
 * that spec §3 names). `permissions.disableBypassPermissionsMode` and `disableAutoMode` are NOT
 * here: they can only restrict, and the reference documents them as working from any scope.
 */
export const MANAGED_ONLY_KEYS: readonly string[] = [
  "allowManagedPermissionRulesOnly",
  "allowManagedHooksOnly",
  "allowManagedMcpServersOnly",
  "allowAllClaudeAiMcps",
  "allowedChannelPlugins",
  "allowedMcpServers",
  "deniedMcpServers",
  "blockedMarketplaces",
  "channelsEnabled",
  "claudeMd",
  "disableCommandPluginSources",
  "disableSideloadFlags",
  "forceRemoteSettingsRefresh",
  "parentSettingsBehavior",
  "pluginSuggestionMarketplaces",
  "pluginTrustMessage",
  "policyHelper",
  "requiredMinimumVersion",
  "requiredMaximumVersion",
  "sshHostAllowlist",
  "strictKnownMarketplaces",
  "strictPluginOnlyCustomization",
  "wslInheritsWindowsSettings",
  "sandbox.filesystem.allowManagedReadPathsOnly",
  "sandbox.network.allowManagedDomainsOnly",
  "sandbox.bwrapPath",
  "sandbox.socatPath",
  "sandbox.enabledPlatforms",
];
