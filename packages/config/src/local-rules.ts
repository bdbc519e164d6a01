// The only code that writes settings: persisting "always allow" answers to
// <projectRoot>/.claude/settings.local.json, and removing them again (`berth permissions`).
// Edits go through jsonc-parser's modify/applyEdits, so comments, key order and formatting of
// the rest of the file survive. Writes are atomic (temp file in the same directory + rename),
// and an invalid file is refused rather than overwritten: it may hold the user's deny rules.
// Synchronous on purpose: within the daemon two approvals cannot interleave a read and a write.
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { applyEdits, type FormattingOptions, modify, type ParseError, parseTree } from "jsonc-parser";
import type { RuleList } from "./sanitize.js";

export class LocalSettingsError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly reason: "invalid-json" | "not-an-object" | "wrong-shape" | "symlink",
  ) {
    super(message);
    this.name = "LocalSettingsError";
  }
}

export interface LocalRuleChange {
  path: string;
  changed: boolean;
}

export function localSettingsPath(projectRoot: string): string {
  return join(projectRoot, ".claude", "settings.local.json");
}

/** Appends `rule` to permissions.allow (no-op when already present); creates the file if needed. */
export function addLocalAllowRule(projectRoot: string, rule: string): LocalRuleChange {
  return addLocalRule(projectRoot, rule, "allow");
}

export function addLocalRule(projectRoot: string, rule: string, list: RuleList): LocalRuleChange {
  const path = localSettingsPath(projectRoot);
  const text = readExisting(path);
  if (text === undefined || text.trim() === "") {
    mkdirSync(dirname(path), { recursive: true });
    atomicWrite(path, `${JSON.stringify({ permissions: { [list]: [rule] } }, null, 2)}\n`);
    return { path, changed: true };
  }
  const entries = currentList(text, path, list);
  if (entries.includes(rule)) return { path, changed: false };
  const formatting = formattingOf(text);
  const edits =
    entries.length === 0 && !hasList(text, list)
      ? modify(text, ["permissions", list], [rule], { formattingOptions: formatting })
      : modify(text, ["permissions", list, entries.length], rule, {
          formattingOptions: formatting,
          isArrayInsertion: true,
        });
  atomicWrite(path, applyEdits(text, edits));
  return { path, changed: true };
}

/** Removes every occurrence of `rule` from one list (default `allow`). */
export function removeLocalRule(
  projectRoot: string,
  rule: string,
  list: RuleList = "allow",
): LocalRuleChange {
  const path = localSettingsPath(projectRoot);
  let text = readExisting(path);
  if (text === undefined || text.trim() === "") return { path, changed: false };
  let changed = false;
  // One removal at a time from the end, re-parsing in between so offsets stay exact.
  for (
    let index = currentList(text, path, list).lastIndexOf(rule);
    index !== -1;
    index = currentList(text, path, list).lastIndexOf(rule)
  ) {
    text = removeArrayElement(text, ["permissions", list], index);
    changed = true;
  }
  if (changed) atomicWrite(path, text);
  return { path, changed };
}

/**
 * Cuts one element out of an array, with the comma that separates it from a neighbour. Done by
 * hand because jsonc-parser 3.3.1's modify() corrupts the text when removing a last element.
 */
function removeArrayElement(text: string, arrayPath: string[], index: number): string {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  let node = tree;
  for (const key of arrayPath) node = node ? propertyValue(node, key) : undefined;
  const items = node?.children ?? [];
  const item = items[index];
  if (!item) return text;
  const next = items[index + 1];
  const prev = items[index - 1];
  const [start, end] = next
    ? [item.offset, next.offset]
    : prev
      ? [prev.offset + prev.length, item.offset + item.length]
      : [item.offset, item.offset + item.length];
  return text.slice(0, start) + text.slice(end);
}

function readExisting(path: string): string | undefined {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  // A symlinked local settings file may point anywhere (a repository can ship one); never write through it.
  if (stat.isSymbolicLink())
    throw new LocalSettingsError(`${path} is a symbolic link; refusing to edit it.`, path, "symlink");
  return readFileSync(path, "utf8");
}

/** The list's string entries; throws when the file cannot be edited safely. */
function currentList(text: string, path: string, list: RuleList): string[] {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !tree) {
    throw new LocalSettingsError(
      `${path} is not valid JSON; fix it before adding rules (it was not changed).`,
      path,
      "invalid-json",
    );
  }
  if (tree.type !== "object")
    throw new LocalSettingsError(`${path} is not a JSON object; it was not changed.`, path, "not-an-object");
  const permissions = propertyValue(tree, "permissions");
  if (!permissions) return [];
  if (permissions.type !== "object") throw shapeError(path, '"permissions" is not an object');
  const node = propertyValue(permissions, list);
  if (!node) return [];
  if (node.type !== "array") throw shapeError(path, `"permissions.${list}" is not an array`);
  return (node.children ?? []).map((c) => (typeof c.value === "string" ? c.value : "\u0000not-a-string"));
}

function hasList(text: string, list: RuleList): boolean {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const permissions = tree ? propertyValue(tree, "permissions") : undefined;
  return Boolean(permissions && propertyValue(permissions, list));
}

function propertyValue(node: ReturnType<typeof parseTree>, key: string) {
  const props = (node?.children ?? []).filter((p) => p.type === "property" && p.children?.[0]?.value === key);
  return props[props.length - 1]?.children?.[1];
}

function shapeError(path: string, what: string): LocalSettingsError {
  return new LocalSettingsError(`${path}: ${what}; it was not changed.`, path, "wrong-shape");
}

function formattingOf(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? "  ";
  const tabs = indent.startsWith("\t");
  return {
    insertSpaces: !tabs,
    tabSize: tabs ? 1 : indent.length,
    eol: text.includes("\r\n") ? "\r\n" : "\n",
  };
}

function atomicWrite(path: string, content: string): void {
  // Never write text we could not read back (guards against edit bugs, here or in jsonc-parser).
  const errors: ParseError[] = [];
  parseTree(content, errors, { allowTrailingComma: true });
  if (errors.length > 0)
    throw new LocalSettingsError(
      `Editing ${path} would produce invalid JSON; it was not changed.`,
      path,
      "invalid-json",
    );
  const temp = join(
    dirname(path),
    `.${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2)}.settings.local.tmp`,
  );
  let mode: number | undefined;
  try {
    mode = lstatSync(path).mode & 0o777;
  } catch {
    mode = undefined;
  }
  try {
    writeFileSync(temp, content, { encoding: "utf8", flag: "wx", mode: mode ?? 0o644 });
    if (mode !== undefined) chmodSync(temp, mode);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
