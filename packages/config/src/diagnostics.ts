// Diagnostics: one shape for every problem the loader finds, and a catalogue of stable codes.
// Clients (CLI, editor, attached sessions) show them verbatim, so each carries the file, the key
// path and, when the text is available, the 1-based line and column.

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  /** Absolute file path, or a flag label such as `--allowedTools` for command-line input. */
  file: string;
  /** Dotted key path (`permissions.allow[3]`, `env["MY.VAR"]`); empty for the whole file. */
  keyPath: string;
  line?: number;
  column?: number;
  message: string;
}

/**
 * Every code the loader can emit, with its default severity and what it means. The
 * configuration reference is generated from this table, and a test checks that each code is
 * documented there, so a new code cannot ship undocumented.
 */
export const DIAGNOSTIC_CODES = {
  "json-syntax": {
    severity: "error",
    summary: "The file is not valid JSON (after allowing comments and trailing commas).",
  },
  "jsonc-comments": {
    severity: "warning",
    summary: "The file has comments. Berth accepts them; strict JSON readers (and Claude Code) do not.",
  },
  "trailing-comma": {
    severity: "warning",
    summary: "A trailing comma. Accepted, but strict JSON readers reject it.",
  },
  "duplicate-key": {
    severity: "warning",
    summary: "A key appears twice in one object; the last one wins, as in JSON.parse.",
  },
  "empty-file": { severity: "warning", summary: "The file is empty; it is treated as `{}`." },
  "not-an-object": { severity: "error", summary: "The top level of a settings file must be a JSON object." },
  "file-unreadable": {
    severity: "error",
    summary: "The file exists but could not be read (permissions, a directory in its place, ...).",
  },
  "settings-file-missing": { severity: "error", summary: "The file named by `--settings` does not exist." },
  "invalid-type": {
    severity: "error",
    summary: "A value has the wrong type (a string where an object belongs, ...).",
  },
  "invalid-value": {
    severity: "error",
    summary: "A value is out of range or not one of the accepted values.",
  },
  "invalid-rule-entry": {
    severity: "error",
    summary:
      "An entry of a permission list is not a string. That entry is dropped; the rest of the list and the file still apply.",
  },
  "malformed-rule": {
    severity: "warning",
    summary:
      "A permission rule string does not look like `Tool` or `Tool(specifier)`. It is kept; the permission engine decides what it matches.",
  },
  "env-value-coerced": {
    severity: "warning",
    summary: 'An `env` value was a number or boolean; it was converted to a string (`1` → `"1"`).',
  },
  "null-as-unset": { severity: "info", summary: "A key is `null`; it is treated as not set." },
  "hook-type-defaulted": {
    severity: "warning",
    summary: 'A hook handler had a `command` but no `type`; `"type": "command"` was assumed.',
  },
  "unknown-key": {
    severity: "warning",
    summary:
      "A key this version does not know. It is kept (newer versions may use it) but has no effect here.",
  },
  "unknown-hook-event": {
    severity: "warning",
    summary: "A hook event name this version does not know; its hooks never run.",
  },
  "misplaced-key": {
    severity: "warning",
    summary:
      "A known key at the wrong level (for example `defaultMode` outside `permissions`). It has no effect where it is.",
  },
  "managed-only-key": {
    severity: "warning",
    summary: "A key that only managed policy may set was found in another file and is ignored.",
  },
  "untrusted-ignored": {
    severity: "info",
    summary: "A project setting that is ignored until you trust this folder.",
  },
  "managed-rules-only": {
    severity: "info",
    summary:
      "Managed policy sets `allowManagedPermissionRulesOnly`; this file's allow/ask/deny rules are ignored.",
  },
  "managed-hooks-only": {
    severity: "info",
    summary: "Managed policy sets `allowManagedHooksOnly`; this file's hooks are ignored.",
  },
  "using-last-good": {
    severity: "warning",
    summary: "The file is invalid; its last valid version stays in force until it is fixed.",
  },
  "file-not-applied": {
    severity: "error",
    summary:
      "The file is invalid and no earlier valid version exists; only its deny/ask rules (if readable) apply.",
  },
  "policy-invalid": {
    severity: "error",
    summary:
      "A managed policy file is invalid or unreadable; settings are locked down (fail closed) until it is fixed.",
  },
  "bypass-disabled": {
    severity: "warning",
    summary: "`bypassPermissions` mode was requested but policy disables it; `default` applies.",
  },
  "invalid-spend-limit": {
    severity: "error",
    summary:
      "A `spendLimits` value is invalid. It is dropped and the rest of the file applies; in managed policy it fails closed (no model calls until it is fixed).",
  },
  "spend-limit-raise-ignored": {
    severity: "warning",
    summary: "A spend limit higher than one set in another file; the lowest limit applies.",
  },
  "invalid-price-entry": {
    severity: "error",
    summary:
      "A `modelPrices` entry is invalid. That entry is dropped (the built-in price, if any, applies); the rest of the file applies.",
  },
  "auto-mode-disabled": {
    severity: "warning",
    summary: "`auto` mode was requested but `disableAutoMode` is set; `default` applies.",
  },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Build a diagnostic with the catalogue's default severity unless one is given. */
export function diagnostic(
  code: DiagnosticCode,
  file: string,
  keyPath: string,
  message: string,
  position?: { line: number; column: number },
  severity: Severity = DIAGNOSTIC_CODES[code].severity,
): Diagnostic {
  const d: Diagnostic = { severity, code, file, keyPath, message };
  if (position) {
    d.line = position.line;
    d.column = position.column;
  }
  return d;
}

/** `file:line:column: severity [code] keyPath: message`, the shape compilers and editors parse. */
export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file;
  if (d.line !== undefined) where += `:${d.line}`;
  if (d.line !== undefined && d.column !== undefined) where += `:${d.column}`;
  const key = d.keyPath ? ` ${d.keyPath}:` : "";
  return `${where}: ${d.severity} [${d.code}]${key} ${d.message}`;
}

/** Dotted path with brackets for indexes and for keys that are not plain identifiers. */
export function formatKeyPath(path: ReadonlyArray<string | number>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}
