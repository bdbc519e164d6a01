import { redactSecrets } from "./redact.js";

// Typed provider errors. Everything that leaves this package on purpose is a ProviderError
// with a stable code, a message that says what to do, and whether retrying can help. Messages
// never carry secrets: credential sources are named (env variable, helper command), values are
// not, and anything echoed from a server goes through redactSecrets first.

export const PROVIDER_ERROR_CODES = {
  PROVIDER_NO_CREDENTIALS: {
    retryable: false,
    description: "No model credentials are configured for the session's provider.",
  },
  PROVIDER_API_KEY_HELPER_FAILED: {
    retryable: true,
    description: "The apiKeyHelper command failed (non-zero exit, timeout, or empty output).",
  },
  PROVIDER_AUTH_FAILED: {
    retryable: false,
    description: "The model API rejected the credential (HTTP 401), after a refresh when one was possible.",
  },
  PROVIDER_PERMISSION_DENIED: {
    retryable: false,
    description: "The credential is valid but not allowed to use this model or endpoint (HTTP 403).",
  },
  PROVIDER_RATE_LIMITED: {
    retryable: true,
    description: "Rate limited (HTTP 429) after the SDK's own retries.",
  },
  PROVIDER_OVERLOADED: {
    retryable: true,
    description: "The API is overloaded or failing (HTTP 5xx/529) after the SDK's own retries.",
  },
  PROVIDER_REQUEST_INVALID: {
    retryable: false,
    description: "The API rejected the request (HTTP 4xx other than 401/403/429), e.g. an unknown model.",
  },
  PROVIDER_CONNECTION_FAILED: {
    retryable: true,
    description: "The API could not be reached (DNS, TLS, proxy, timeout) after the SDK's own retries.",
  },
  PROVIDER_CONFIG_INVALID: {
    retryable: false,
    description: "A provider setting is unusable (bad URL, unreadable certificate, missing region...).",
  },
  PROVIDER_AWS_CREDENTIALS_FAILED: {
    retryable: true,
    description: "awsCredentialExport or awsAuthRefresh failed, or AWS credentials could not be resolved.",
  },
} as const;

export type ProviderErrorCode = keyof typeof PROVIDER_ERROR_CODES;

export class ProviderError extends Error {
  override name = "ProviderError";
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;

  constructor(code: ProviderErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.retryable = PROVIDER_ERROR_CODES[code].retryable;
  }
}

const NO_CREDENTIALS_HELP = [
  "No model credentials found. Provide one of:",
  "  - ANTHROPIC_API_KEY=<key> in your environment or in settings `env` (sent as x-api-key)",
  "  - ANTHROPIC_AUTH_TOKEN=<token> for a gateway that expects Authorization: Bearer",
  "  - `berth login` to store an API key for this user",
  '  - "apiKeyHelper": "<command that prints a key>" in .claude/settings.json or ~/.berth/settings.json',
  "  - CLAUDE_CODE_USE_BEDROCK=1 (with AWS_REGION and AWS credentials) or",
  "    CLAUDE_CODE_USE_VERTEX=1 (with CLOUD_ML_REGION and ANTHROPIC_VERTEX_PROJECT_ID)",
  "To try Berth offline against a scripted fake model, run `pnpm demo`.",
].join("\n");

export class NoCredentialsError extends ProviderError {
  override name = "NoCredentialsError";
  constructor() {
    super("PROVIDER_NO_CREDENTIALS", NO_CREDENTIALS_HELP);
  }
}

export type ApiKeyHelperFailure = "exit" | "timeout" | "empty" | "spawn";

/**
 * The helper failed. The message names the command (it comes from a settings file the user can
 * read) but never its stdout or stderr: a half-working helper may print the secret there.
 */
export class ApiKeyHelperError extends ProviderError {
  override name = "ApiKeyHelperError";
  readonly failure: ApiKeyHelperFailure;
  readonly exitCode: number | null;
  readonly command: string;

  constructor(
    command: string,
    failure: ApiKeyHelperFailure,
    detail: { exitCode?: number | null; timeoutMs?: number },
  ) {
    const what =
      failure === "exit"
        ? `exited with code ${detail.exitCode ?? "unknown"}`
        : failure === "timeout"
          ? `did not finish within ${detail.timeoutMs ?? 0} ms and was stopped`
          : failure === "empty"
            ? "printed nothing on stdout"
            : "could not be started";
    super(
      "PROVIDER_API_KEY_HELPER_FAILED",
      `Your apiKeyHelper script is failing: \`${redactSecrets(command)}\` ${what}. ` +
        "Run the command yourself in the project folder to see why; it must print the API key on stdout " +
        "and exit 0. (Its output is not shown here because it may contain secrets.)",
    );
    this.failure = failure;
    this.exitCode = detail.exitCode ?? null;
    this.command = redactSecrets(command);
  }
}

export class ProviderConfigError extends ProviderError {
  override name = "ProviderConfigError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("PROVIDER_CONFIG_INVALID", message, options);
  }
}
