// Workspace trust. Until the user trusts a folder, its project files (.claude/settings.json and
// .claude/settings.local.json) may only make things stricter: nothing from the repository can
// run a command, set the environment, pre-approve an action or widen access. Their deny and ask
// rules, and other restrictive values, apply immediately.
import type { z } from "zod";
import { type Diagnostic, diagnostic, formatKeyPath } from "./diagnostics.js";
import type { SettingsDoc } from "./file-load.js";
import { isPlainObject } from "./sanitize.js";
import { settingsSchema } from "./schema/index.js";
import { lazy } from "./schema/lazy.js";
import { defOf, unwrap } from "./schema/introspect.js";
import { permissionsSchema } from "./schema/permissions.js";
import { sandboxSchema } from "./schema/sandbox.js";

export interface GatedKey {
  path: string;
  why: string;
  /** When present, values for which this returns true are restrictive and still apply. */
  keepIf?: (value: unknown) => boolean;
  keepNote?: string;
}

/** Modes that loosen the default; `plan` and `dontAsk` are stricter and still apply. */
export const LOOSENING_MODES: ReadonlySet<string> = new Set(["acceptEdits", "bypassPermissions", "auto"]);

const runs = "runs a shell command";
const onlyIs = (v: unknown) => (x: unknown) => x === v;

export const TRUST_GATED: readonly GatedKey[] = [
  {
    path: "env",
    why: "environment variables can redirect the model endpoint or credentials and change what tools run",
  },
  { path: "apiKeyHelper", why: runs },
  { path: "awsAuthRefresh", why: runs },
  { path: "awsCredentialExport", why: runs },
  { path: "gcpAuthRefresh", why: runs },
  { path: "otelHeadersHelper", why: runs },
  { path: "hooks", why: "hooks run shell commands" },
  { path: "statusLine", why: runs },
  { path: "subagentStatusLine", why: runs },
  { path: "fileSuggestion", why: runs },
  { path: "enableAllProjectMcpServers", why: "it would start the repository's MCP servers without asking" },
  { path: "enabledMcpjsonServers", why: "it would start the repository's MCP servers without asking" },
  { path: "enabledPlugins", why: "plugins run code" },
  { path: "extraKnownMarketplaces", why: "it adds plugin sources" },
  { path: "permissions.allow", why: "allow rules would pre-approve actions" },
  { path: "permissions.additionalDirectories", why: "it widens file access beyond the project" },
  {
    path: "permissions.defaultMode",
    why: "a mode looser than default",
    keepIf: (v) => typeof v === "string" && !LOOSENING_MODES.has(v),
    keepNote: "`default`, `plan` and `dontAsk` still apply",
  },
  { path: "skipDangerousModePermissionPrompt", why: "it skips a safety warning" },
  {
    path: "cleanupPeriodDays",
    why: "retention applies to all your history, so a repository could have it deleted",
  },
  { path: "spendLimits", why: "it could raise your own spend limits" },
  { path: "modelPrices", why: "it could change what requests are counted as costing" },
  { path: "bugReportUrl", why: "it chooses where bug reports with your transcripts are sent" },
  { path: "plansDirectory", why: "it chooses where files are written" },
  { path: "autoMemoryDirectory", why: "it chooses where files are written" },
  { path: "modelOverrides", why: "it could route requests to other model deployments" },
  { path: "autoMode", why: "it tunes what auto mode approves" },
  { path: "httpHookAllowedEnvVars", why: "it widens what HTTP hooks may read" },
  { path: "allowedHttpHookUrls", why: "it widens where HTTP hooks may send data" },
  // The sandbox: restrictive values apply, anything that opens it up waits for trust.
  {
    path: "sandbox.enabled",
    why: "turning the sandbox off",
    keepIf: onlyIs(true),
    keepNote: "`true` applies",
  },
  {
    path: "sandbox.failIfUnavailable",
    why: "`false` lets sessions run without the sandbox",
    keepIf: onlyIs(true),
    keepNote: "`true` applies",
  },
  {
    path: "sandbox.autoAllowBashIfSandboxed",
    why: "it auto-approves commands",
    keepIf: onlyIs(false),
    keepNote: "`false` applies",
  },
  {
    path: "sandbox.allowUnsandboxedCommands",
    why: "it lets commands leave the sandbox",
    keepIf: onlyIs(false),
    keepNote: "`false` applies",
  },
  { path: "sandbox.excludedCommands", why: "it lets commands run outside the sandbox" },
  {
    path: "sandbox.enableWeakerNestedSandbox",
    why: "it weakens the sandbox",
    keepIf: onlyIs(false),
    keepNote: "`false` applies",
  },
  {
    path: "sandbox.enableWeakerNetworkIsolation",
    why: "it weakens the sandbox",
    keepIf: onlyIs(false),
    keepNote: "`false` applies",
  },
  {
    path: "sandbox.allowAppleEvents",
    why: "it weakens the sandbox",
    keepIf: onlyIs(false),
    keepNote: "`false` applies",
  },
  { path: "sandbox.ignoreViolations", why: "it hides sandbox violations" },
  { path: "sandbox.ripgrep", why: "it runs a binary" },
  { path: "sandbox.network.allowedDomains", why: "it opens network access" },
  { path: "sandbox.network.allowUnixSockets", why: "it opens local sockets" },
  {
    path: "sandbox.network.allowAllUnixSockets",
    why: "it opens local sockets",
    keepIf: onlyIs(false),
    keepNote: "`false` applies",
  },
  {
    path: "sandbox.network.allowLocalBinding",
    why: "it opens local ports",
    keepIf: onlyIs(false),
    keepNote: "`false` applies",
  },
  { path: "sandbox.network.allowMachLookup", why: "it opens system services" },
  { path: "sandbox.network.httpProxyPort", why: "it routes sandboxed traffic" },
  { path: "sandbox.network.socksProxyPort", why: "it routes sandboxed traffic" },
  { path: "sandbox.filesystem.allowWrite", why: "it widens write access" },
  { path: "sandbox.filesystem.allowRead", why: "it widens read access" },
];

/**
 * Objects whose unknown keys are also withheld: a newer version may give such a key effects, and
 * "an untrusted folder can only restrict" must not depend on this list being complete.
 */
const closedObjects = lazy(
  (): ReadonlyArray<[string[], z.ZodType]> => [
    [[], settingsSchema()],
    [["permissions"], permissionsSchema()],
    [["sandbox"], sandboxSchema()],
    [["sandbox", "network"], sandboxSchema().shape.network],
    [["sandbox", "filesystem"], sandboxSchema().shape.filesystem],
  ],
);

function unknownKeys(settings: Record<string, unknown>): Array<GatedKey & { segments: string[] }> {
  const out: Array<GatedKey & { segments: string[] }> = [];
  for (const [path, schema] of closedObjects()) {
    const found = lookup(settings, path);
    if (!found || !isPlainObject(found.value)) continue;
    const shape = defOf(unwrap(schema)).shape ?? {};
    for (const key of Object.keys(found.value)) {
      if (Object.hasOwn(shape, key)) continue;
      const segments = [...path, key];
      out.push({
        path: formatKeyPath(segments),
        segments,
        why: "unknown keys from a repository are not passed on",
      });
    }
  }
  return out;
}

/** Returns the docs with gated values removed, plus one info diagnostic per ignored value. */
export function filterUntrusted(
  docs: SettingsDoc[],
  file: string,
): { docs: SettingsDoc[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const filtered = docs.map((doc) => {
    let settings = doc.settings;
    let cloned = false;
    const gatedKeys: Array<GatedKey & { segments?: string[] }> = [...TRUST_GATED, ...unknownKeys(settings)];
    for (const gated of gatedKeys) {
      const path = gated.segments ?? gated.path.split(".");
      const found = lookup(settings, path);
      if (!found || gated.keepIf?.(found.value)) continue;
      if (!cloned) {
        settings = structuredClone(settings);
        cloned = true;
      }
      const parent = lookup(settings, path.slice(0, -1))?.value as Record<string, unknown>;
      delete parent[path[path.length - 1] as string];
      const count = Array.isArray(found.value)
        ? ` (${found.value.length} entr${found.value.length === 1 ? "y" : "ies"})`
        : "";
      const msg = `Ignored until you trust this folder${count}: ${gated.why}.`;
      diagnostics.push(
        diagnostic("untrusted-ignored", file, formatKeyPath(path), msg, doc.locator.position(path, "key")),
      );
    }
    return { settings, locator: doc.locator };
  });
  return { docs: filtered, diagnostics };
}

function lookup(root: Record<string, unknown>, path: string[]): { value: unknown } | undefined {
  let node: unknown = root;
  for (const segment of path) {
    if (!isPlainObject(node) || !Object.hasOwn(node, segment)) return undefined;
    node = node[segment];
  }
  return { value: node };
}
