// Small building blocks shared by the schema files.
import { z } from "zod";
import { lazy } from "./lazy.js";

/**
 * A string with suggested values: editors autocomplete the known ones (JSON Schema `anyOf`
 * of an enum and a string), but a value from a newer version is not an error. Used for
 * cosmetic keys only; keys that affect security use strict enums.
 */
export function openEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.union([z.enum(values), z.string()]);
}

/** A shell command (run by `/bin/sh -c`); must not be empty. */
export const shellCommand = lazy(() => z.string().min(1));

export const stringList = lazy(() => z.array(z.string()));

/** `{ "type": "command", "command": "..." }` as used by statusLine and friends. */
export function commandObject(extra: Record<string, z.ZodType> = {}) {
  return z.looseObject({
    type: z.literal("command").describe('Must be "command".'),
    command: shellCommand().describe("Shell command to run."),
    ...extra,
  });
}
