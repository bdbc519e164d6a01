// Maps SDK errors to ProviderErrors in one place, so the agent and the daemon never parse SDK
// messages. Server messages are kept (they say which model or parameter was wrong) but pass
// through redactSecrets: a misbehaving gateway may echo the credential back.
// The error classes only (a small module of the SDK, the same classes its client throws): the
// client itself loads lazily with the first session's backend.
import { APIConnectionError, APIError, APIUserAbortError } from "@anthropic-ai/sdk/core/error";
import type { CredentialLabel } from "../credentials/label.js";
import { ProviderError, type ProviderErrorCode } from "../errors.js";
import { redactSecrets } from "../redact.js";

export class ModelApiError extends ProviderError {
  override name = "ModelApiError";
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The API's request id, for support tickets. */
  readonly requestId: string | undefined;

  constructor(
    code: ProviderErrorCode,
    message: string,
    extra: { status?: number | undefined; requestId?: string | undefined; cause?: unknown },
  ) {
    super(code, message, { cause: extra.cause });
    this.status = extra.status;
    this.requestId = extra.requestId ?? undefined;
  }
}

export interface ErrorContext {
  credential: CredentialLabel;
  /** Exact secret values to scrub from anything echoed. */
  secrets: readonly string[];
  provider: "anthropic" | "bedrock" | "vertex";
}

const AUTH_HINTS: Partial<Record<CredentialLabel["source"], string>> = {
  "env:ANTHROPIC_AUTH_TOKEN": "Check ANTHROPIC_AUTH_TOKEN, or unset it to fall back to ANTHROPIC_API_KEY.",
  "env:ANTHROPIC_API_KEY": "Check ANTHROPIC_API_KEY (a revoked or mistyped key gives this).",
  apiKeyHelper:
    "apiKeyHelper was run again for a fresh key and the request retried once; the new key was refused too. " +
    "Check what the helper prints.",
  stored: "The key saved by `berth login` was refused; run `berth login` again.",
};

function serverMessage(error: APIError, secrets: readonly string[]): string {
  const text = redactSecrets(error.message, secrets).replace(/\s+/g, " ").trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * Turns anything the SDK threw into a ProviderError. Aborts by the caller stay
 * APIUserAbortError (they are not failures), and ProviderErrors pass through unchanged.
 */
export function toProviderError(error: unknown, context: ErrorContext): unknown {
  if (error instanceof ProviderError || error instanceof APIUserAbortError) return error;
  if (error instanceof APIError && typeof error.status === "number") {
    const status = error.status;
    const requestId = error.requestID ?? undefined;
    const said = serverMessage(error, context.secrets);
    const extra = { status, requestId, cause: error };
    if (status === 401) {
      const hint = AUTH_HINTS[context.credential.source] ?? "Check the provider's credentials.";
      return new ModelApiError(
        "PROVIDER_AUTH_FAILED",
        `The ${context.provider} API rejected the credential from ${context.credential.display} (HTTP 401). ${hint}`,
        extra,
      );
    }
    if (status === 403) {
      return new ModelApiError(
        "PROVIDER_PERMISSION_DENIED",
        `The credential from ${context.credential.display} is not allowed to do this (HTTP 403): ${said}`,
        extra,
      );
    }
    if (status === 429) {
      return new ModelApiError(
        "PROVIDER_RATE_LIMITED",
        `Rate limited by the ${context.provider} API: ${said}`,
        extra,
      );
    }
    if (status >= 500) {
      return new ModelApiError(
        "PROVIDER_OVERLOADED",
        `The ${context.provider} API is overloaded or failing (HTTP ${status}); retried already. ${said}`,
        extra,
      );
    }
    return new ModelApiError(
      "PROVIDER_REQUEST_INVALID",
      `The ${context.provider} API refused the request: ${said}`,
      extra,
    );
  }
  if (error instanceof APIConnectionError) {
    // The Bedrock/Vertex SDKs wrap credential failures (ours included) as connection errors.
    if (error.cause instanceof ProviderError) return error.cause;
    const cause =
      error.cause instanceof Error ? redactSecrets(String(error.cause.message), context.secrets) : "";
    return new ModelApiError(
      "PROVIDER_CONNECTION_FAILED",
      `Could not reach the ${context.provider} API${cause ? ` (${cause})` : ""}. ` +
        "Check the network, HTTPS_PROXY/NO_PROXY, NODE_EXTRA_CA_CERTS and the base URL.",
      { cause: error },
    );
  }
  return error;
}
