import { modelCredentialVars } from "@berth/providers";
import { isExporterVariable } from "@berth/telemetry";

/**
 * A session's environment comes from the client that created it (the daemon outlives
 * terminals). Berth's own model credentials are for the model client only: tool
 * processes never see them (under Bedrock, that includes the AWS secret keys).
 */
export function toolEnvironment(sessionEnv: Record<string, string>): Record<string, string> {
  const credentials = new Set(modelCredentialVars(sessionEnv));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(sessionEnv)) {
    if (credentials.has(key) || key.startsWith("BERTH_DAEMON_")) continue;
    if (isExporterVariable(key)) continue;
    env[key] = value;
  }
  return env;
}
