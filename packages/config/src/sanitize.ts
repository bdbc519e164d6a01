// Tolerances applied before validation. Each one is a repair that is obviously safe and is
// documented (docs/configuration.md, "Tolerances"); each leaves a diagnostic behind. Anything
// not repaired here is validated strictly. The value is freshly parsed, so it is edited in place.
import { type Diagnostic, diagnostic, formatKeyPath } from "./diagnostics.js";
import type { JsonPath, Locator } from "./parse.js";

export const RULE_LISTS = ["allow", "ask", "deny"] as const;
export type RuleList = (typeof RULE_LISTS)[number];

type Obj = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export interface Sanitized {
  diagnostics: Diagnostic[];
  /**
   * Positions in the text for the repaired value: dropping list entries shifts indexes, so
   * `permissions.<list>[i]` is mapped back to the entry's original index.
   */
  locator: Locator;
}

export function sanitize(root: Obj, file: string, locator: Locator): Sanitized {
  const out: Diagnostic[] = [];
  const at = (path: JsonPath, target?: "key" | "value") => locator.position(path, target);

  dropNulls(root, [], file, at, out);
  coerceEnv(root, file, at, out);
  const kept = dropNonStringEntries(root, file, at, out);
  defaultHookTypes(root, file, at, out);
  return { diagnostics: out, locator: remapListIndexes(locator, kept) };
}

function remapListIndexes(locator: Locator, kept: Map<string, number[]>): Locator {
  if (kept.size === 0) return locator;
  return {
    position(path, target) {
      const [first, list, index, ...rest] = path;
      const originals = typeof list === "string" ? kept.get(list) : undefined;
      if (first !== "permissions" || !originals || typeof index !== "number")
        return locator.position(path, target);
      return locator.position(["permissions", list as string, originals[index] ?? index, ...rest], target);
    },
  };
}

type At = (path: JsonPath, target?: "key" | "value") => ReturnType<Locator["position"]>;

/** `"key": null` means "not set" (Anthropic's own example files use it for optional ports). */
function dropNulls(obj: Obj, path: Array<string | number>, file: string, at: At, out: Diagnostic[]): void {
  for (const [key, value] of Object.entries(obj)) {
    const here = [...path, key];
    if (value === null) {
      delete obj[key];
      out.push(
        diagnostic(
          "null-as-unset",
          file,
          formatKeyPath(here),
          "null is treated as not set.",
          at(here, "key"),
        ),
      );
    } else if (isPlainObject(value)) {
      dropNulls(value, here, file, at, out);
    }
  }
}

/** Environment values must be strings; `1` and `true` obviously mean `"1"` and `"true"`. */
function coerceEnv(root: Obj, file: string, at: At, out: Diagnostic[]): void {
  const env = root.env;
  if (!isPlainObject(env)) return;
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === "number" || typeof value === "boolean") {
      env[name] = String(value);
      const path = ["env", name];
      const msg = `Environment value ${JSON.stringify(value)} is not a string; using "${String(value)}".`;
      out.push(diagnostic("env-value-coerced", file, formatKeyPath(path), msg, at(path)));
    }
  }
}

/**
 * A non-string entry in a rule or directory list cannot match anything; dropping it (with an
 * error) keeps the rest of the list, including the file's deny rules, in force.
 */
function dropNonStringEntries(root: Obj, file: string, at: At, out: Diagnostic[]): Map<string, number[]> {
  const keptIndexes = new Map<string, number[]>();
  const permissions = root.permissions;
  if (!isPlainObject(permissions)) return keptIndexes;
  for (const list of [...RULE_LISTS, "additionalDirectories"] as const) {
    const entries = permissions[list];
    if (!Array.isArray(entries)) continue;
    const kept: unknown[] = [];
    const indexes: number[] = [];
    entries.forEach((entry, i) => {
      if (typeof entry === "string") {
        kept.push(entry);
        indexes.push(i);
        return;
      }
      const path = ["permissions", list, i];
      const what = list === "additionalDirectories" ? "directory" : "rule";
      const msg = `Expected a ${what} string, got ${describe(entry)} (${JSON.stringify(entry)}); this entry is ignored.`;
      out.push(diagnostic("invalid-rule-entry", file, formatKeyPath(path), msg, at(path)));
    });
    if (kept.length !== entries.length) keptIndexes.set(list, indexes);
    permissions[list] = kept;
  }
  return keptIndexes;
}

/** A handler with a `command` and no `type` can only mean a command hook. */
function defaultHookTypes(root: Obj, file: string, at: At, out: Diagnostic[]): void {
  const hooks = root.hooks;
  if (!isPlainObject(hooks)) return;
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) continue;
    groups.forEach((group, g) => {
      if (!isPlainObject(group) || !Array.isArray(group.hooks)) return;
      group.hooks.forEach((handler, h) => {
        if (!isPlainObject(handler) || handler.type !== undefined || typeof handler.command !== "string")
          return;
        handler.type = "command";
        const path = ["hooks", event, g, "hooks", h];
        const msg = 'Hook handler has a "command" but no "type"; assuming "type": "command".';
        out.push(diagnostic("hook-type-defaulted", file, formatKeyPath(path), msg, at(path)));
      });
    });
  }
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  return `a ${typeof v}`;
}
