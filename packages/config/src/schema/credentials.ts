// Credential helpers and login restrictions. Every helper here is a shell command, so none of
// them is taken from a project file until the folder is trusted.
import { z } from "zod";
import { lazy } from "./lazy.js";
import { shellCommand } from "./shared.js";

export const credentialsShape = lazy(() => ({
  apiKeyHelper: shellCommand()
    .describe(
      "Shell command whose stdout is the API credential, sent as both `x-api-key` and `Authorization: Bearer`. " +
        "Re-run after 5 minutes (or `CLAUDE_CODE_API_KEY_HELPER_TTL_MS`) and on HTTP 401.",
    )
    .optional(),
  awsAuthRefresh: shellCommand()
    .describe(
      "Command that refreshes `~/.aws` credentials (e.g. `aws sso login --profile x`); its output is shown.",
    )
    .optional(),
  awsCredentialExport: shellCommand()
    .describe(
      'Command printing `{"Credentials":{"AccessKeyId","SecretAccessKey","SessionToken"}}`; output captured silently.',
    )
    .optional(),
  gcpAuthRefresh: shellCommand()
    .describe(
      "Command run when Google Cloud credentials are expired or missing (e.g. `gcloud auth application-default login`).",
    )
    .optional(),
  otelHeadersHelper: shellCommand()
    .describe("Command printing a JSON object of OpenTelemetry exporter headers; re-run periodically.")
    .optional(),
  forceLoginMethod: z
    .enum(["claudeai", "console", "gateway"])
    .describe("Restrict the login method: `claudeai`, `console` or `gateway`.")
    .optional(),
  forceLoginOrgUUID: z
    .union([z.string().min(1), z.array(z.string().min(1))])
    .describe("Organisation UUID pre-selected at login (an array is enforced only from managed policy).")
    .optional(),
}));
