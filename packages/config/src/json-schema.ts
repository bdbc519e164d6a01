// JSON Schema for editors (`"$schema"` in a settings file gives completion and hover docs),
// generated from the zod schema. Draft-07, the draft editors support best. The committed copy
// (packages/config/schema/settings.schema.json) is checked against this by the drift test.
import { z } from "zod";
import { SETTINGS_SCHEMA_TITLE, settingsSchema } from "./schema/index.js";

export const JSON_SCHEMA_FILE = "schema/settings.schema.json";

export function settingsJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(settingsSchema(), { target: "draft-7" }) as Record<string, unknown>;
  const { $schema, description, ...rest } = generated;
  return tidy({ $schema, title: SETTINGS_SCHEMA_TITLE, description, ...rest }) as Record<string, unknown>;
}

export function settingsJsonSchemaText(): string {
  return `${JSON.stringify(settingsJsonSchema(), null, 2)}\n`;
}

/** zod spells "any integer" as ±MAX_SAFE_INTEGER bounds; editors show them, so drop them. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "maximum" && value === Number.MAX_SAFE_INTEGER) continue;
    if (key === "minimum" && value === Number.MIN_SAFE_INTEGER) continue;
    out[key] = tidy(value);
  }
  return out;
}
