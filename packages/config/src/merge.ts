// Merging the layers. Sources arrive highest precedence first. The rules, written once here:
//   scalars                 the highest layer that sets the key wins
//   objects (env, sandbox)  merged key by key, recursively (higher wins per key)
//   arrays                  concatenated across layers, duplicates removed (first = highest kept)
//   permissions.allow/ask/deny, additionalDirectories
//                           concatenated, duplicates kept; every entry keeps its source
//                           (ProvenancedRule/Directory), so `permissions.allow[i]` lines up with rules
//   hooks                   concatenated per event; every matcher group keeps its source
//   atomic objects          statusLine & co. are taken whole from the highest layer
//   fallbackModel           taken whole from the highest layer
//   availableModels         a managed list replaces the lower ones
// Every value placed in the result is recorded with the layer and file that set it.
import { formatKeyPath } from "./diagnostics.js";
import type { Locator } from "./parse.js";
import { resolveDirectory } from "./paths.js";
import { ruleSyntaxProblem } from "./rules.js";
import { isPlainObject, RULE_LISTS } from "./sanitize.js";
import { HOOK_EVENTS } from "./schema/index.js";
import type {
  OriginEntry,
  ProvenancedDirectory,
  ProvenancedHookGroup,
  ProvenancedRule,
  RuleSource,
} from "./types.js";

export interface MergeSource {
  source: RuleSource;
  settings: Record<string, unknown>;
  locator: Locator;
}

export interface Merged {
  settings: Record<string, unknown>;
  rules: ProvenancedRule[];
  directories: ProvenancedDirectory[];
  hooks: Record<string, ProvenancedHookGroup[]>;
  origins: OriginEntry[];
}

/** Handled by dedicated code below, not by the generic merge. */
const SPECIAL = new Set([
  "permissions.allow",
  "permissions.ask",
  "permissions.deny",
  "permissions.additionalDirectories",
  "hooks",
]);
const ATOMIC = new Set([
  "fallbackModel",
  "statusLine",
  "subagentStatusLine",
  "fileSuggestion",
  "policyHelper",
  "spinnerVerbs",
  "spinnerTipsOverride",
  "sandbox.ripgrep",
]);
const isAtomic = (path: ReadonlyArray<string | number>) =>
  ATOMIC.has(path.join(".")) || (path.length === 2 && path[0] === "extraKnownMarketplaces");

const KNOWN_EVENTS: ReadonlySet<string> = new Set(HOOK_EVENTS);

interface Entry {
  src: MergeSource;
  value: unknown;
}

export function mergeSources(sources: MergeSource[], homeDir: string): Merged {
  const origins: OriginEntry[] = [];
  const record = (path: ReadonlyArray<string | number>, value: unknown, src: MergeSource) =>
    origins.push({ key: formatKeyPath(path), value, layer: src.source.kind, file: src.source.path });

  const mergeAt = (path: string[], entries: Entry[]): unknown => {
    const first = entries[0] as Entry;
    if (Array.isArray(first.value) && !isAtomic(path)) return mergeArrays(path, entries, record);
    if (!isPlainObject(first.value) || isAtomic(path)) {
      record(path, first.value, first.src);
      return first.value;
    }
    const objects = entries.filter((e) => isPlainObject(e.value));
    const keys = new Set(objects.flatMap((e) => Object.keys(e.value as object)));
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const childPath = [...path, key];
      if (SPECIAL.has(childPath.join("."))) continue;
      const childEntries = objects
        .filter(
          (e) =>
            Object.hasOwn(e.value as object, key) && (e.value as Record<string, unknown>)[key] !== undefined,
        )
        .map((e) => ({ src: e.src, value: (e.value as Record<string, unknown>)[key] }));
      if (childEntries.length > 0) define(out, key, mergeAt(childPath, childEntries));
    }
    return out;
  };

  const settings =
    sources.length > 0
      ? (mergeAt(
          [],
          sources.map((src) => ({ src, value: src.settings })),
        ) as Record<string, unknown>)
      : {};
  const rules = collectRules(sources);
  const perList = { allow: 0, ask: 0, deny: 0 };
  for (const rule of rules) {
    const key = `permissions.${rule.list}[${perList[rule.list]++}]`;
    origins.push({ key, value: rule.text, layer: rule.source.kind, file: rule.source.path });
  }
  const directories = collectDirectories(sources, homeDir);
  directories.forEach((d, i) => {
    const key = `permissions.additionalDirectories[${i}]`;
    origins.push({ key, value: d.resolved, layer: d.source.kind, file: d.source.path });
  });

  const hooks = collectHooks(sources);
  for (const [event, groups] of Object.entries(hooks)) {
    groups.forEach((g, i) => {
      const { source, ...group } = g;
      origins.push({
        key: formatKeyPath(["hooks", event, i]),
        value: group,
        layer: source.kind,
        file: source.path,
      });
    });
  }
  return { settings, rules, directories, hooks, origins };
}

function mergeArrays(
  path: string[],
  entries: Entry[],
  record: (path: ReadonlyArray<string | number>, value: unknown, src: MergeSource) => void,
): unknown[] {
  let arrays = entries.filter((e) => Array.isArray(e.value));
  // A managed availableModels list is the allowlist; lower layers cannot extend it.
  if (path.join(".") === "availableModels" && arrays.some((e) => e.src.source.kind === "managed")) {
    arrays = arrays.filter((e) => e.src.source.kind === "managed");
  }
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const e of arrays) {
    for (const item of e.value as unknown[]) {
      const key = JSON.stringify(item);
      if (seen.has(key)) continue;
      seen.add(key);
      record([...path, out.length], item, e.src);
      out.push(item);
    }
  }
  return out;
}

function collectRules(sources: MergeSource[]): ProvenancedRule[] {
  const rules: ProvenancedRule[] = [];
  for (const list of RULE_LISTS) {
    for (const src of sources) {
      const permissions = src.settings.permissions;
      const entries = isPlainObject(permissions) ? permissions[list] : undefined;
      if (!Array.isArray(entries)) continue;
      entries.forEach((text, i) => {
        if (typeof text !== "string") return;
        const rule: ProvenancedRule = { text, list, source: src.source };
        const position = src.locator.position(["permissions", list, i]);
        if (position) Object.assign(rule, position);
        const problem = ruleSyntaxProblem(text);
        if (problem) rule.problem = problem;
        rules.push(rule);
      });
    }
  }
  return rules;
}

function collectDirectories(sources: MergeSource[], homeDir: string): ProvenancedDirectory[] {
  const out: ProvenancedDirectory[] = [];
  for (const src of sources) {
    const permissions = src.settings.permissions;
    const entries = isPlainObject(permissions) ? permissions.additionalDirectories : undefined;
    if (!Array.isArray(entries)) continue;
    for (const path of entries) {
      if (typeof path === "string")
        out.push({ path, resolved: resolveDirectory(path, src.source.root, homeDir), source: src.source });
    }
  }
  return out;
}

function collectHooks(sources: MergeSource[]): Record<string, ProvenancedHookGroup[]> {
  const out: Record<string, ProvenancedHookGroup[]> = {};
  for (const src of sources) {
    const hooks = src.settings.hooks;
    if (!isPlainObject(hooks)) continue;
    for (const [event, groups] of Object.entries(hooks)) {
      // Unknown events were reported and are never run, so they stay out of the typed result.
      if (!KNOWN_EVENTS.has(event) || !Array.isArray(groups)) continue;
      for (const group of groups) {
        if (!isPlainObject(group)) continue;
        define(out, event, out[event] ?? []);
        out[event]?.push({ ...group, source: src.source } as ProvenancedHookGroup);
      }
    }
  }
  return out;
}

/** Own data property, never an assignment, so a key named `__proto__` stays inert. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
