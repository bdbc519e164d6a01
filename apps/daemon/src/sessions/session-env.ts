import { isExporterVariable } from "@berth/telemetry";

/**
 * A session's environment comes from the client that created it (the daemon outlives
 * terminals). Berth's own model credentials are for the model client only: tool
 * processes never see them.
 */
const CREDENTIAL_VARS = [
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_AUTH_TOKEN",
  "AWS_BEARER_TOKEN_BEDROCK",
  "CLAUDE_CODE_CLIENT_KEY_PASSPHRASE",
];

export function toolEnvironment(sessionEnv: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(sessionEnv)) {
    if (CREDENTIAL_VARS.includes(key) || key.startsWith("BERTH_DAEMON_")) continue;
    if (isExporterVariable(key)) continue;
    env[key] = value;
  }
  return env;
}
