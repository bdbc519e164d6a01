// `${VAR}` and `${VAR:-default}` in command, args, env, url and headers. An unset variable with no
// default is collected (the server is reported and not started) rather than silently replaced by
// an empty string, which could turn `--token=${TOKEN}` into a different command.
const PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface Expansion {
  value: string;
  missing: string[];
}

export function expandVars(text: string, env: Readonly<Record<string, string | undefined>>): Expansion {
  const missing: string[] = [];
  const value = text.replace(PATTERN, (whole, name: string, fallback: string | undefined) => {
    const set = env[name];
    if (set !== undefined && set !== "") return set;
    if (fallback !== undefined) return fallback;
    if (set === "") return "";
    missing.push(name);
    return whole;
  });
  return { value, missing };
}

/** Expands every string of a record (env, headers); values only, keys are literal. */
export function expandRecord(
  record: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>,
  missing: string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(record)) {
    const e = expandVars(raw, env);
    missing.push(...e.missing);
    out[key] = e.value;
  }
  return out;
}
