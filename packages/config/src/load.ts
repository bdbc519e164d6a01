// The loader. Pure: read → parse → validate → filter → merge → result. It writes nothing, starts
// nothing and never touches process.env; the only inputs are the options (plus the files the
// injected reader returns). Layers, highest precedence first:
//   1. managed policy   system file(s) (/etc/claude-code/managed-settings.json on Linux,
//                       /Library/Application Support/ClaudeCode/managed-settings.json on macOS),
//                       then the optional extra test path (BERTH_MANAGED_SETTINGS_PATH), which can
//                       only add policy: it sits below the system file
//   2. command line     flags (--model, --permission-mode, --allowedTools, --disallowedTools,
//                       --add-dir), then --settings <file-or-json>
//   3. localProject     <projectRoot>/.claude/settings.local.json
//   4. project          <projectRoot>/.claude/settings.json
//   5. user             <berthHome>/settings.json
// Merge rules are in merge.ts, trust gating in trust-filter.ts, fail-closed in lockdown.ts.
import { applyLowestSpendLimits } from "./cost-settings.js";
import { readFileSync } from "node:fs";
import { layerInputs } from "./cli.js";
import { type Diagnostic, diagnostic } from "./diagnostics.js";
import { type LoadedLayer, loadLayer } from "./file-load.js";
import { lockdownEffective, lockdownSources } from "./lockdown.js";
import { type MergeSource, mergeSources } from "./merge.js";
import {
  dropNonManagedHooks,
  dropNonManagedRules,
  managedFlag,
  type PolicyLayerView,
} from "./policy-filter.js";
import { originLookup } from "./provenance.js";
import { isPlainObject } from "./sanitize.js";
import { DEFAULT_WARN_AT_FRACTION } from "./schema/index.js";
import { filterUntrusted } from "./trust-filter.js";
import type {
  EffectiveSettings,
  LastGoodEntry,
  LoadOptions,
  OriginEntry,
  PolicyError,
  SettingsResult,
} from "./types.js";

export const DEFAULT_CLEANUP_PERIOD_DAYS = 30;

/** Reads a file as UTF-8; undefined when it does not exist; throws when it cannot be read. */
export function readFileIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw err;
  }
}

export function loadSettings(options: LoadOptions): SettingsResult {
  const ctx = {
    readFile: options.readFile ?? readFileIfExists,
    lastGood: options.lastGood ?? new Map(),
    now: options.now ?? Date.now,
  };
  const layers = layerInputs(options).map((input) => loadLayer(input, ctx));
  const diagnostics: Diagnostic[] = layers.flatMap((l) => l.diagnostics);

  const policyError = managedPolicyError(layers);
  if (policyError) {
    for (const file of policyError.files)
      diagnostics.push(diagnostic("policy-invalid", file, "", policyError.message));
  }

  const views: PolicyLayerView[] = layers.map((l) => ({
    kind: l.input.kind,
    path: l.input.path,
    docs: l.docs,
  }));
  if (!options.projectTrusted) {
    for (const view of views) {
      if (view.kind !== "project" && view.kind !== "localProject") continue;
      const filtered = filterUntrusted(view.docs, view.path);
      view.docs = filtered.docs;
      diagnostics.push(...filtered.diagnostics);
    }
  }
  const rulesOnlyManaged = managedFlag(views, "allowManagedPermissionRulesOnly");
  if (rulesOnlyManaged) diagnostics.push(...dropNonManagedRules(views));
  if (managedFlag(views, "allowManagedHooksOnly")) diagnostics.push(...dropNonManagedHooks(views));

  let sources: MergeSource[] = layers.flatMap((l, i) =>
    (views[i]?.docs ?? []).map((doc) => ({
      source: { kind: l.input.kind, path: l.input.path, root: l.input.root },
      settings: doc.settings,
      locator: doc.locator,
    })),
  );
  if (policyError) sources = lockdownSources(sources);
  const merged = mergeSources(sources, options.homeDir);
  diagnostics.push(...applyLowestSpendLimits(sources, merged));
  if (policyError) lockdownEffective(merged.settings, merged.origins);

  const modes = resolveModes(merged.settings, merged.origins, Boolean(policyError), diagnostics);
  const origins = structuredClone(withDefaults(merged.settings, merged.origins));
  const origin = originLookup(origins);
  const effective = buildEffective(merged, modes.mode, origin);

  const lastGood = new Map<string, LastGoodEntry>();
  for (const l of layers) if (l.input.source === "file" && l.lastGood) lastGood.set(l.input.path, l.lastGood);

  return {
    effective,
    rules: merged.rules,
    directories: merged.directories,
    origins,
    diagnostics: byFileAndLine(diagnostics),
    files: layers.filter((l) => l.input.source !== "flags").map(layerFile),
    bypassAllowed: modes.bypassAllowed,
    canPersistRules: !rulesOnlyManaged && !policyError,
    ...(policyError ? { policyError } : {}),
    lastGood,
    origin,
  };
}

function managedPolicyError(layers: LoadedLayer[]): PolicyError | undefined {
  const failed = layers.filter((l) => l.input.kind === "managed" && l.rejected).map((l) => l.input.path);
  if (failed.length === 0) return undefined;
  const message =
    "Managed policy could not be loaded, so settings are locked down until it is fixed: no allow rules or " +
    "extra directories apply, every action asks, bypassPermissions is refused, only managed hooks run, " +
    "and no MCP server starts automatically.";
  return { message, files: failed };
}

interface Modes {
  mode: EffectiveSettings["permissions"]["defaultMode"];
  bypassAllowed: boolean;
}

/** Applies `manual` → `default` and the bypass/auto refusals to the merged mode. */
function resolveModes(
  settings: Record<string, unknown>,
  origins: OriginEntry[],
  locked: boolean,
  diagnostics: Diagnostic[],
): Modes {
  const permissions = isPlainObject(settings.permissions) ? settings.permissions : {};
  const requested = typeof permissions.defaultMode === "string" ? permissions.defaultMode : "default";
  const from = origins.find((o) => o.key === "permissions.defaultMode");
  const bypassAllowed = !locked && permissions.disableBypassPermissionsMode !== "disable";
  const autoAllowed = permissions.disableAutoMode !== "disable" && settings.disableAutoMode !== "disable";
  const refuse = (code: "bypass-disabled" | "auto-mode-disabled", why: string): Modes => {
    diagnostics.push(
      diagnostic(
        code,
        from?.file ?? "",
        "permissions.defaultMode",
        `Mode "${requested}" refused: ${why}; using "default".`,
      ),
    );
    if (from) Object.assign(from, { value: "default" });
    return { mode: "default", bypassAllowed };
  };
  if (requested === "bypassPermissions" && !bypassAllowed) {
    return refuse(
      "bypass-disabled",
      locked ? "managed policy failed to load" : 'permissions.disableBypassPermissionsMode is "disable"',
    );
  }
  if (requested === "auto" && !autoAllowed)
    return refuse("auto-mode-disabled", 'disableAutoMode is "disable"');
  const mode = requested === "manual" ? "default" : (requested as Modes["mode"]);
  return { mode, bypassAllowed };
}

function withDefaults(settings: Record<string, unknown>, origins: OriginEntry[]): OriginEntry[] {
  const out = [...origins];
  const has = (key: string) => out.some((o) => o.key === key);
  if (!has("permissions.defaultMode"))
    out.push({ key: "permissions.defaultMode", value: "default", layer: "default", file: null });
  if (!has("cleanupPeriodDays"))
    out.push({ key: "cleanupPeriodDays", value: DEFAULT_CLEANUP_PERIOD_DAYS, layer: "default", file: null });
  if (isPlainObject(settings.spendLimits) && !has("spendLimits.warnAtFraction")) {
    out.push({
      key: "spendLimits.warnAtFraction",
      value: DEFAULT_WARN_AT_FRACTION,
      layer: "default",
      file: null,
    });
  }
  return out;
}

function buildEffective(
  merged: ReturnType<typeof mergeSources>,
  mode: Modes["mode"],
  origin: SettingsResult["origin"],
): EffectiveSettings {
  // Copies: nested values are shared with the cached last good documents, which a consumer
  // mutating its result must never be able to change.
  const s = structuredClone(merged.settings);
  const permissions = isPlainObject(s.permissions) ? s.permissions : {};
  const texts = (list: string) => merged.rules.filter((r) => r.list === list).map((r) => r.text);
  s.permissions = {
    ...permissions,
    allow: texts("allow"),
    ask: texts("ask"),
    deny: texts("deny"),
    additionalDirectories: merged.directories.map((d) => d.resolved),
    defaultMode: mode,
  };
  s.hooks = structuredClone(merged.hooks);
  s.env = isPlainObject(s.env) ? s.env : {};
  s.cleanupPeriodDays =
    typeof s.cleanupPeriodDays === "number" ? s.cleanupPeriodDays : DEFAULT_CLEANUP_PERIOD_DAYS;
  if (isPlainObject(s.spendLimits) && s.spendLimits.warnAtFraction === undefined) {
    s.spendLimits = { ...s.spendLimits, warnAtFraction: DEFAULT_WARN_AT_FRACTION };
  }
  // Not enumerable: keeps the effective object plain data for JSON and deep equality.
  Object.defineProperty(s, "origin", { value: origin, enumerable: false });
  return s as EffectiveSettings;
}

/** Keeps files in layer order and sorts each file's diagnostics by position (file-level last). */
function byFileAndLine(diagnostics: Diagnostic[]): Diagnostic[] {
  const fileOrder = new Map<string, number>();
  for (const d of diagnostics) if (!fileOrder.has(d.file)) fileOrder.set(d.file, fileOrder.size);
  const pos = (d: Diagnostic) => (d.line ?? Number.MAX_SAFE_INTEGER) * 1e6 + (d.column ?? 0);
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort(
      (a, b) =>
        (fileOrder.get(a.d.file) ?? 0) - (fileOrder.get(b.d.file) ?? 0) || pos(a.d) - pos(b.d) || a.i - b.i,
    )
    .map(({ d }) => d);
}

function layerFile(l: LoadedLayer): SettingsResult["files"][number] {
  return {
    layer: l.input.kind,
    path: l.input.path,
    root: l.input.root,
    status: l.status,
    usedLastGood: l.usedLastGood,
  };
}
