// Reading zod schemas back (for unknown-key detection and the generated reference). zod v4
// keeps each schema's definition under `_zod.def`; only the fields used here are typed.
import type { z } from "zod";

export interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  entries?: Record<string, string>;
  values?: unknown[];
  checks?: Array<{ _zod: { def: { check: string; format?: string } } }>;
}

export function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/** Strips optional/default/... wrappers. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let def = defOf(s); WRAPPERS.has(def.type) && def.innerType; def = defOf(s)) s = def.innerType;
  return s;
}

/** The description, whether it sits on the wrapper or on the wrapped schema. */
export function descriptionOf(schema: z.ZodType): string {
  return schema.description ?? unwrap(schema).description ?? "";
}

/** A short human-readable type: `string`, `"a" | "b"`, `array of string`, `object`. */
export function typeLabel(schema: z.ZodType): string {
  const def = defOf(unwrap(schema));
  switch (def.type) {
    case "number":
      return def.checks?.some((c) => c._zod.def.format === "safeint") ? "integer" : "number";
    case "enum":
      return Object.values(def.entries ?? {})
        .map((v) => JSON.stringify(v))
        .join(" | ");
    case "literal":
      return (def.values ?? []).map((v) => JSON.stringify(v)).join(" | ");
    case "array":
      return def.element ? `array of ${typeLabel(def.element)}` : "array";
    case "record":
      return def.valueType ? `object of ${typeLabel(def.valueType)}` : "object";
    case "union": {
      const options = def.options ?? [];
      const [first, second] = options.map((o) => defOf(unwrap(o)).type);
      // openEnum: suggested values, any string accepted.
      if (options.length === 2 && first === "enum" && second === "string")
        return `string (${typeLabel(options[0] as z.ZodType)}, …)`;
      return [...new Set(options.map(typeLabel))].join(" or ");
    }
    default:
      return def.type;
  }
}
