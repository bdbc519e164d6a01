// One layer: read → parse → repair → validate, keeping the file's last good version. A file
// that fails still contributes its deny and ask rules when they can be read, because honouring
// a restriction is never unsafe, while dropping one silently would be.
import { isolateCostSettings } from "./cost-settings.js";
import { type Diagnostic, diagnostic, formatKeyPath } from "./diagnostics.js";
import { type Locator, parseSettingsText } from "./parse.js";
import { stripManagedOnlyKeys } from "./policy-filter.js";
import { ruleSyntaxProblem } from "./rules.js";
import { isPlainObject, RULE_LISTS, sanitize } from "./sanitize.js";
import type { FileStatus, LastGoodEntry, LastGoodStore, LayerKind, ReadFile } from "./types.js";
import { unknownKeyDiagnostics } from "./unknown-keys.js";
import { validateSettings } from "./validate.js";

interface InputBase {
  kind: LayerKind;
  /** File path, or a label such as `--settings` / `--allowedTools`. */
  path: string;
  root: string;
}
export type LayerInput =
  | (InputBase & { source: "file"; required?: boolean })
  | (InputBase & { source: "inline"; text: string })
  | (InputBase & { source: "flags"; settings: Record<string, unknown> });

export interface SettingsDoc {
  settings: Record<string, unknown>;
  locator: Locator;
}

export interface LoadedLayer {
  input: LayerInput;
  status: FileStatus;
  /** The current content could not be used (syntax, type errors, unreadable). */
  rejected: boolean;
  usedLastGood: boolean;
  /** What this layer contributes, in order: the file, or its last good version plus salvage. */
  docs: SettingsDoc[];
  diagnostics: Diagnostic[];
  /** The last good entry to keep for this path (undefined: forget it). */
  lastGood?: LastGoodEntry;
}

export interface LayerContext {
  readFile: ReadFile;
  lastGood: LastGoodStore;
  now: () => number;
}

export const noLocation: Locator = { position: () => undefined };

export function loadLayer(input: LayerInput, ctx: LayerContext): LoadedLayer {
  // Flag values are validated like a file (an unknown --permission-mode is an error), but they
  // have no text, hence no positions, and no last good version.
  if (input.source === "flags")
    return fromValue(input, structuredClone(input.settings), noLocation, [], false, ctx);
  if (input.source === "inline") return fromText(input, input.text, ctx);

  let text: string | undefined;
  try {
    text = ctx.readFile(input.path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    const d = diagnostic("file-unreadable", input.path, "", `Cannot read the file (${reason}).`);
    return rejectedLayer(input, "unreadable", [d], [], ctx);
  }
  if (text === undefined) {
    const diagnostics = input.required
      ? [diagnostic("settings-file-missing", input.path, "", "The file given to --settings does not exist.")]
      : [];
    return { input, status: "missing", rejected: false, usedLastGood: false, docs: [], diagnostics };
  }
  return fromText(input, text, ctx);
}

function fromText(input: LayerInput, text: string, ctx: LayerContext): LoadedLayer {
  const file = input.path;
  const parsed = parseSettingsText(text, file);
  const diagnostics = [...parsed.diagnostics];
  const { value } = parsed;
  if (value === undefined) return rejectedLayer(input, "invalid", diagnostics, [], ctx);
  if (!isPlainObject(value)) {
    const msg = `A settings file must be a JSON object, not ${Array.isArray(value) ? "an array" : typeof value}.`;
    diagnostics.push(diagnostic("not-an-object", file, "", msg, parsed.locator.position([])));
    return rejectedLayer(input, "invalid", diagnostics, [], ctx);
  }
  return fromValue(input, value, parsed.locator, diagnostics, parsed.empty, ctx);
}

function fromValue(
  input: LayerInput,
  value: Record<string, unknown>,
  textLocator: Locator,
  diagnostics: Diagnostic[],
  empty: boolean,
  ctx: LayerContext,
): LoadedLayer {
  const file = input.path;
  let locator = textLocator;
  const repaired = sanitize(value, file, locator);
  diagnostics.push(...repaired.diagnostics);
  locator = repaired.locator;
  if (input.kind !== "managed") diagnostics.push(...stripManagedOnlyKeys(value, file, locator));
  diagnostics.push(...isolateCostSettings(value, file, locator));
  const errors = validateSettings(value, file, locator);
  diagnostics.push(...unknownKeyDiagnostics(value, file, locator));
  diagnostics.push(...ruleDiagnostics(value, file, locator));

  if (errors.length > 0) {
    diagnostics.push(...errors);
    return rejectedLayer(input, "invalid", diagnostics, salvage(value, locator), ctx);
  }
  const doc = { settings: value, locator };
  return {
    input,
    status: empty ? "empty" : "loaded",
    rejected: false,
    usedLastGood: false,
    docs: [doc],
    diagnostics,
    ...(input.source === "file" ? { lastGood: { ...doc, loadedAt: ctx.now() } } : {}),
  };
}

function rejectedLayer(
  input: LayerInput,
  status: FileStatus,
  diagnostics: Diagnostic[],
  salvaged: SettingsDoc[],
  ctx: LayerContext,
): LoadedLayer {
  const previous = input.source === "file" ? ctx.lastGood.get(input.path) : undefined;
  const restrictions = salvaged.length > 0 ? " Its deny and ask rules still apply." : "";
  if (previous) {
    const msg = `The file has errors; its last good version stays in force until they are fixed.${restrictions}`;
    diagnostics.push(diagnostic("using-last-good", input.path, "", msg));
    const docs = [{ settings: previous.settings, locator: previous.locator }, ...salvaged];
    return { input, status, rejected: true, usedLastGood: true, docs, diagnostics, lastGood: previous };
  }
  const what =
    input.source === "file"
      ? "The file"
      : input.source === "inline"
        ? "The --settings JSON"
        : `The ${input.path} value`;
  const msg = `${what} has errors and is not applied.${restrictions}`;
  diagnostics.push(diagnostic("file-not-applied", input.path, "", msg));
  return { input, status, rejected: true, usedLastGood: false, docs: salvaged, diagnostics };
}

/** The deny and ask rules of a file that failed validation, when they are well-formed lists. */
function salvage(value: Record<string, unknown>, locator: Locator): SettingsDoc[] {
  const permissions = value.permissions;
  if (!isPlainObject(permissions)) return [];
  const kept: Record<string, string[]> = {};
  for (const list of ["deny", "ask"] as const) {
    const entries = permissions[list];
    if (Array.isArray(entries) && entries.length > 0 && entries.every((e) => typeof e === "string"))
      kept[list] = entries;
  }
  return Object.keys(kept).length > 0 ? [{ settings: { permissions: kept }, locator }] : [];
}

function ruleDiagnostics(value: Record<string, unknown>, file: string, locator: Locator): Diagnostic[] {
  const permissions = value.permissions;
  if (!isPlainObject(permissions)) return [];
  const out: Diagnostic[] = [];
  for (const list of RULE_LISTS) {
    const entries = permissions[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, i) => {
      if (typeof entry !== "string") return;
      const problem = ruleSyntaxProblem(entry);
      if (!problem) return;
      const path = ["permissions", list, i];
      const msg = `Malformed rule ${JSON.stringify(entry)}: ${problem}. Kept; the permission engine decides what it matches.`;
      out.push(diagnostic("malformed-rule", file, formatKeyPath(path), msg, locator.position(path)));
    });
  }
  return out;
}
