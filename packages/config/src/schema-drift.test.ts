// The committed JSON Schema and configuration reference are generated from the zod schema;
// these tests fail when they drift. Regenerate both with:
//   UPDATE_SCHEMA=1 npx vitest run packages/config -t "schema drift"
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES } from "./diagnostics.js";
import { CONFIGURATION_DOC, configurationDoc } from "./docs.js";
import { JSON_SCHEMA_FILE, settingsJsonSchema, settingsJsonSchemaText } from "./json-schema.js";
import { MANAGED_ONLY_KEYS, settingsShape } from "./schema/index.js";
import { descriptionOf } from "./schema/introspect.js";
import { repoRoot } from "./test-support.js";

const update = process.env.UPDATE_SCHEMA === "1";

function checkGenerated(path: string, expected: string) {
  if (update) writeFileSync(path, expected);
  expect(existsSync(path), `${path} is missing; run with UPDATE_SCHEMA=1`).toBe(true);
  const committed = readFileSync(path, "utf8");
  expect(
    committed === expected,
    `${path} is out of date; regenerate with UPDATE_SCHEMA=1 (see this file's header)`,
  ).toBe(true);
}

describe("schema drift", () => {
  it("the committed JSON Schema matches the zod schema", () => {
    checkGenerated(join(repoRoot, "packages/config", JSON_SCHEMA_FILE), settingsJsonSchemaText());
  });

  it("the committed configuration reference matches the schema and tables", () => {
    checkGenerated(join(repoRoot, CONFIGURATION_DOC), configurationDoc());
  });
});

describe("schema quality", () => {
  it("the JSON Schema names itself and allows unknown keys", () => {
    const schema = settingsJsonSchema();
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.title).toBe("Berth settings");
    expect(schema.additionalProperties).toEqual({});
    expect(Object.keys(schema.properties as object)).toEqual(
      expect.arrayContaining(["permissions", "hooks", "env", "spendLimits"]),
    );
  });

  it("every top-level key has a description", () => {
    const missing = Object.entries(settingsShape())
      .filter(([, schema]) => descriptionOf(schema as z.ZodType).trim() === "")
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it("every diagnostic code and managed-only key is documented", () => {
    const doc = configurationDoc();
    for (const code of Object.keys(DIAGNOSTIC_CODES)) expect(doc).toContain(`\`${code}\``);
    for (const key of MANAGED_ONLY_KEYS) expect(doc).toContain(`\`${key}\``);
  });
});
