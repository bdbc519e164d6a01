// Generates docs/configuration.md from the schema, the trust table, the managed-only list and
// the diagnostic catalogue, so the reference cannot drift from the code (a test compares).
import type { z } from "zod";
import { DIAGNOSTIC_CODES } from "./diagnostics.js";
import { intro, MERGE_AND_POLICY, TOLERANCES } from "./docs-text.js";
import { HOOK_EVENTS, MANAGED_ONLY_KEYS, settingsShape } from "./schema/index.js";
import { defOf, descriptionOf, typeLabel, unwrap } from "./schema/introspect.js";
import { TRUST_GATED } from "./trust-filter.js";

export const CONFIGURATION_DOC = "docs/configuration.md";

/** Objects whose children get their own rows (others are described as a whole). */
const EXPANDED = new Set([
  "permissions",
  "sandbox",
  "sandbox.network",
  "sandbox.filesystem",
  "spendLimits",
  "attribution",
  "statusLine",
  "worktree",
]);

export function configurationDoc(): string {
  return [
    intro(table),
    MERGE_AND_POLICY,
    trustSection(),
    managedSection(),
    TOLERANCES,
    diagnosticsSection(),
    keysSection(),
  ].join("\n");
}

function trustSection(): string {
  const rows = TRUST_GATED.map((g) => [
    `\`${g.path}\``,
    cell(g.why) + (g.keepNote ? `; ${cell(g.keepNote)}` : ""),
  ]);
  return [
    "## Workspace trust",
    "",
    "Until you trust a folder, its `.claude/settings.json` and `.claude/settings.local.json` can only make",
    "things stricter. Berth is stricter than Claude Code here: this holds in print mode too, unless the",
    "caller passes an explicit trust flag. The values below are ignored (each one is reported as an",
    '`untrusted-ignored` info diagnostic, "ignored until you trust this folder"); everything else applies,',
    "notably `permissions.deny` and `permissions.ask`, `disabledMcpjsonServers`, `disableAllHooks` and",
    "`permissions.disableBypassPermissionsMode`. Unknown keys (top level, and inside `permissions` and",
    "`sandbox`) are withheld too, since a newer version may give them effects. Command-line flags, user and",
    "managed settings are not affected.",
    "",
    table(["Ignored until trusted", "Why"], rows),
    "",
  ].join("\n");
}

function managedSection(): string {
  return [
    "## Managed-only keys",
    "",
    "These keys are honoured only from managed policy. In any other file they are ignored and reported as",
    "`managed-only-key` warnings (and a wrong type in them does not reject the rest of the file).",
    "`permissions.disableBypassPermissionsMode` and `disableAutoMode` are deliberately not on this list: they",
    "can only restrict, so they are honoured from every file, as Claude Code documents.",
    "",
    MANAGED_ONLY_KEYS.map((k) => `\`${k}\``).join(", "),
    "",
  ].join("\n");
}

function diagnosticsSection(): string {
  const rows = Object.entries(DIAGNOSTIC_CODES).map(([code, d]) => [
    `\`${code}\``,
    d.severity,
    cell(d.summary),
  ]);
  return [
    "## Diagnostics",
    "",
    "Every problem is reported with the file, the key path and (when there is text) the line and column,",
    "formatted as `file:line:column: severity [code] key.path: message`. Codes are stable.",
    "",
    table(["Code", "Severity", "Meaning"], rows),
    "",
  ].join("\n");
}

function keysSection(): string {
  const rows: string[][] = [];
  const visit = (path: string, schema: z.ZodType) => {
    rows.push([`\`${path}\``, cell(typeLabel(schema)), cell(descriptionOf(schema))]);
    const inner = defOf(unwrap(schema));
    if (!EXPANDED.has(path) || inner.type !== "object" || !inner.shape) return;
    for (const [key, child] of Object.entries(inner.shape)) visit(`${path}.${key}`, child);
  };
  for (const key of Object.keys(settingsShape()).sort((a, b) => a.localeCompare(b))) {
    visit(key, settingsShape()[key as keyof ReturnType<typeof settingsShape>] as z.ZodType);
  }
  return [
    "## Keys",
    "",
    "Generated from the zod schema (`packages/config/src/schema/`). Unknown keys are kept and reported as",
    "warnings, never rejected. A wrong type or value is an error for the file (see above).",
    "",
    table(["Key", "Type", "Description"], rows),
    "",
    "Hook events: " + HOOK_EVENTS.map((e) => `\`${e}\``).join(", ") + ".",
    "",
  ].join("\n");
}

/** A Markdown table with padded columns, the way the repository's formatter (biome) writes them. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
