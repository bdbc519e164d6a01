// Sessions carry the environment of the client that created them (design.md, "Session
// environment"), so nothing in this package reads process.env: every function takes the
// session's environment as a plain record, and these helpers read it the way the SDKs read
// process.env (trimmed, empty means unset).

/** A session's environment: the client's variables after settings `env` was applied. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The trimmed value of `name`, or undefined when unset or blank. */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * Whether a switch such as CLAUDE_CODE_USE_BEDROCK is on. Claude Code documents `=1`; `true`,
 * `yes` and `on` are accepted too because team configs use them, and `0`/`false` mean off.
 */
export function envFlag(env: Env, name: string): boolean {
  const value = envValue(env, name)?.toLowerCase();
  return value === "1" || value === "true" || value === "yes" || value === "on";
}

/** A positive integer from the environment, or undefined when unset or not a positive integer. */
export function envPositiveInt(env: Env, name: string): number | undefined {
  const value = envValue(env, name);
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const parsed = Number(value);
  return parsed > 0 && Number.isSafeInteger(parsed) ? parsed : undefined;
}

/**
 * Variables that the official SDKs (and the AWS and Google libraries under them) read from the
 * *process* environment when an option is left undefined. This package always passes explicit
 * options, but a few reads cannot be switched off (the Anthropic SDK merges
 * ANTHROPIC_CUSTOM_HEADERS from process.env into every client). The daemon should delete these
 * from its own process.env at start so one user's terminal cannot leak into another session.
 */
export const PROCESS_ENV_KEYS_READ_BY_SDKS: readonly string[] = [
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_AUTH_TOKEN",
  "ANTHROPIC_BASE_URL",
  "ANTHROPIC_CUSTOM_HEADERS",
  "ANTHROPIC_PROFILE",
  "ANTHROPIC_LOG",
  "ANTHROPIC_WEBHOOK_SIGNING_KEY",
  "ANTHROPIC_BEDROCK_BASE_URL",
  "ANTHROPIC_VERTEX_BASE_URL",
  "ANTHROPIC_VERTEX_PROJECT_ID",
  "AWS_BEARER_TOKEN_BEDROCK",
  "CLOUD_ML_REGION",
];
