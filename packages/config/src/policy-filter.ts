// Managed policy that narrows what other layers may contribute.
import { type Diagnostic, diagnostic, formatKeyPath } from "./diagnostics.js";
import type { SettingsDoc } from "./file-load.js";
import type { Locator } from "./parse.js";
import { isPlainObject, RULE_LISTS } from "./sanitize.js";
import { MANAGED_ONLY_KEYS } from "./schema/index.js";
import type { LayerKind } from "./types.js";

/**
 * Removes managed-only keys from a non-managed file before it is validated: they are ignored
 * there anyway, so a wrong type in one must not reject the rest of the file.
 */
export function stripManagedOnlyKeys(
  value: Record<string, unknown>,
  file: string,
  locator: Locator,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const dotted of MANAGED_ONLY_KEYS) {
    const path = dotted.split(".");
    const key = path[path.length - 1] as string;
    let parent: unknown = value;
    for (const segment of path.slice(0, -1)) parent = isPlainObject(parent) ? parent[segment] : undefined;
    if (!isPlainObject(parent) || !Object.hasOwn(parent, key)) continue;
    const position = locator.position(path, "key");
    delete parent[key];
    const msg = `"${dotted}" is honoured only from managed policy; ignored in this file.`;
    out.push(diagnostic("managed-only-key", file, formatKeyPath(path), msg, position));
  }
  return out;
}

export interface PolicyLayerView {
  kind: LayerKind;
  path: string;
  docs: SettingsDoc[];
}

/** Reads a boolean policy flag from the managed layers (any managed file setting it counts). */
export function managedFlag(layers: PolicyLayerView[], key: string): boolean {
  return layers.some((l) => l.kind === "managed" && l.docs.some((d) => d.settings[key] === true));
}

/**
 * `allowManagedPermissionRulesOnly`: allow/ask/deny from every non-managed layer (files and
 * `--allowedTools`/`--disallowedTools`) are dropped, with one info diagnostic per file.
 */
export function dropNonManagedRules(layers: PolicyLayerView[]): Diagnostic[] {
  return dropFromNonManaged(
    layers,
    "managed-rules-only",
    (settings) => {
      const permissions = settings.permissions;
      if (!isPlainObject(permissions)) return { settings, count: 0 };
      let count = 0;
      const kept: Record<string, unknown> = { ...permissions };
      for (const list of RULE_LISTS) {
        const entries = permissions[list];
        if (Array.isArray(entries)) count += entries.length;
        delete kept[list];
      }
      return { settings: { ...settings, permissions: kept }, count };
    },
    (count) =>
      `${count} permission rule${count === 1 ? "" : "s"} ignored: managed policy allows only managed rules (allowManagedPermissionRulesOnly).`,
  );
}

/** `allowManagedHooksOnly`: hooks from every non-managed layer are dropped. */
export function dropNonManagedHooks(layers: PolicyLayerView[]): Diagnostic[] {
  return dropFromNonManaged(
    layers,
    "managed-hooks-only",
    (settings) => {
      const hooks = settings.hooks;
      if (!isPlainObject(hooks)) return { settings, count: 0 };
      const count = Object.values(hooks).reduce<number>(
        (n, groups) => n + (Array.isArray(groups) ? groups.length : 0),
        0,
      );
      const { hooks: _dropped, ...rest } = settings;
      return { settings: rest, count };
    },
    (count) =>
      `${count} hook group${count === 1 ? "" : "s"} ignored: managed policy allows only managed hooks (allowManagedHooksOnly).`,
  );
}

function dropFromNonManaged(
  layers: PolicyLayerView[],
  code: "managed-rules-only" | "managed-hooks-only",
  strip: (settings: Record<string, unknown>) => { settings: Record<string, unknown>; count: number },
  message: (count: number) => string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const layer of layers) {
    if (layer.kind === "managed") continue;
    let total = 0;
    layer.docs = layer.docs.map((doc) => {
      const { settings, count } = strip(doc.settings);
      total += count;
      return { settings, locator: doc.locator };
    });
    if (total > 0)
      out.push(
        diagnostic(code, layer.path, code === "managed-rules-only" ? "permissions" : "hooks", message(total)),
      );
  }
  return out;
}
