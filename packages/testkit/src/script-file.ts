// Script files: JSON, either `{ "turns": [...] }` (room for a description and $schema) or a bare
// array of turns. Every problem is reported with the file name and the path inside it.
import { readFile } from "node:fs/promises";
import { formatIssues, parseTurn, ScriptError, ScriptFileSchema, type ScriptTurn } from "./schemas.js";

export async function loadScriptFile(path: string): Promise<ScriptTurn[]> {
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScriptError(`${path}: cannot read script file (${code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ScriptError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseScript(json, path);
}

/** Validates already-parsed script JSON; `source` names it in error messages. */
export function parseScript(json: unknown, source: string): ScriptTurn[] {
  let turns: unknown[];
  if (Array.isArray(json)) {
    turns = json;
  } else {
    const file = ScriptFileSchema.safeParse(json);
    if (!file.success) {
      throw new ScriptError(
        `${source}: expected an array of turns or {"turns": [...]}: ${formatIssues(file.error)}`,
      );
    }
    turns = file.data.turns;
  }
  return turns.map((turn, index) => parseTurn(turn, `${source}: turns[${index}]`));
}
