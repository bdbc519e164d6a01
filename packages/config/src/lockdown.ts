// Fail closed. When a managed policy file is invalid or unreadable we cannot know what it
// forbids, so until it is fixed:
//   - no allow rules apply, from any layer (managed last-good included): everything asks;
//   - no additional directories; loosening modes (acceptEdits, bypassPermissions, auto) fall
//     back to default, and bypassPermissions is refused (disableBypassPermissionsMode: "disable");
//   - only managed hooks run (allowManagedHooksOnly: true), no status line / file-suggestion commands;
//   - no MCP server is approved automatically and the MCP allowlist is empty (none may start);
//   - deny and ask rules from every layer still apply, including those of the managed file's
//     last good version and any deny/ask lists readable from the broken file.
// Everything else (env, credential helpers, model) still comes from the other layers, so the
// user can keep working, with a prompt for every action.
import type { MergeSource } from "./merge.js";
import { isPlainObject } from "./sanitize.js";
import { LOOSENING_MODES } from "./trust-filter.js";
import type { OriginEntry } from "./types.js";

const COMMAND_KEYS = [
  "hooks",
  "statusLine",
  "subagentStatusLine",
  "fileSuggestion",
  "enableAllProjectMcpServers",
  "enabledMcpjsonServers",
];

export function lockdownSources(sources: MergeSource[]): MergeSource[] {
  return sources.map((src) => {
    const settings: Record<string, unknown> = { ...src.settings };
    if (isPlainObject(settings.permissions)) {
      const { allow: _allow, additionalDirectories: _dirs, ...rest } = settings.permissions;
      settings.permissions = rest;
    }
    if (src.source.kind !== "managed") for (const key of COMMAND_KEYS) delete settings[key];
    return { ...src, settings };
  });
}

/** Post-merge part of the lockdown; edits the merged settings and records the forced values. */
export function lockdownEffective(settings: Record<string, unknown>, origins: OriginEntry[]): void {
  const permissions = isPlainObject(settings.permissions) ? settings.permissions : {};
  settings.permissions = permissions;
  const mode = permissions.defaultMode;
  if (typeof mode === "string" && LOOSENING_MODES.has(mode)) {
    permissions.defaultMode = "default";
    replaceOrigin(origins, "permissions.defaultMode", "default");
  }
  // Stated as the equivalent policy keys too, for consumers that read them instead of bypassAllowed.
  if (permissions.disableBypassPermissionsMode !== "disable") {
    permissions.disableBypassPermissionsMode = "disable";
    replaceOrigin(origins, "permissions.disableBypassPermissionsMode", "disable");
  }
  if (settings.allowManagedHooksOnly !== true) {
    settings.allowManagedHooksOnly = true;
    replaceOrigin(origins, "allowManagedHooksOnly", true);
  }
  if (!Array.isArray(settings.allowedMcpServers)) {
    settings.allowedMcpServers = [];
    replaceOrigin(origins, "allowedMcpServers", []);
  }
}

function replaceOrigin(origins: OriginEntry[], key: string, value: unknown): void {
  const kept = origins.filter(
    (o) => o.key !== key && !o.key.startsWith(`${key}[`) && !o.key.startsWith(`${key}.`),
  );
  origins.splice(0, origins.length, ...kept, { key, value, layer: "lockdown", file: null });
}
