// Schema validation: zod issues become diagnostics with the file, key path, line and column.
import type { z } from "zod";
import { type Diagnostic, diagnostic, formatKeyPath } from "./diagnostics.js";
import type { JsonPath, Locator } from "./parse.js";
import { describe } from "./sanitize.js";
import { settingsSchema } from "./schema/index.js";

/** Validates a (sanitized) settings object; returns the error diagnostics, empty when valid. */
export function validateSettings(
  value: Record<string, unknown>,
  file: string,
  locator: Locator,
): Diagnostic[] {
  const result = settingsSchema().safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => issueToDiagnostic(issue, value, file, locator));
}

function issueToDiagnostic(
  issue: z.core.$ZodIssue,
  root: unknown,
  file: string,
  locator: Locator,
): Diagnostic {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const keyPath = formatKeyPath(path);
  const position = locator.position(path);
  const actual = valueAt(root, path);
  switch (issue.code) {
    case "invalid_type": {
      // A schema-specific message (cleanupPeriodDays) beats the generic one.
      const custom = !issue.message.startsWith("Invalid input");
      const msg = custom
        ? issue.message
        : actual === undefined
          ? `Missing required key "${String(path[path.length - 1])}" (expected ${issue.expected}).`
          : `Expected ${issue.expected}, got ${describe(actual)}.`;
      return diagnostic("invalid-type", file, keyPath, msg, position);
    }
    case "invalid_union": {
      // A discriminated union reports the bad discriminator itself; a plain union only says no
      // shape matched, so name the value we saw.
      const msg =
        issue.errors.length === 0 ? issue.message : `${describe(actual)} does not match any accepted shape.`;
      return diagnostic("invalid-type", file, keyPath, cap(msg), position);
    }
    default:
      return diagnostic("invalid-value", file, keyPath, cap(issue.message), position);
  }
}

function cap(s: string): string {
  const trimmed = s.replace(/^Invalid input: /, "");
  const sentence = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

export function valueAt(root: unknown, path: JsonPath): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
