// The fatal channel: failures that end a turn. Each has a stable code that clients and scripts can
// branch on, a message that says what to do, and whether trying again can help. (The other
// channel, errors the model sees and works around, is tool_result `is_error` in tool-dispatch.ts.)
//
// Classification is structural (status, error type, class name) rather than `instanceof` alone: a
// provider wrapper may bring its own copy of the SDK, whose error classes are different objects.
import type { TurnError } from "./types.js";

export const AgentErrorCodes = {
  auth_failed: { retryable: false, doc: "The API rejected the credentials (401)." },
  no_credentials: { retryable: false, doc: "No API key, auth token or apiKeyHelper output was available." },
  forbidden: { retryable: false, doc: "The credentials lack permission for this model or resource (403)." },
  billing: { retryable: false, doc: "The account cannot be billed (402)." },
  rate_limited: { retryable: true, doc: "Rate limit reached (429), after the client's own retries." },
  overloaded: { retryable: true, doc: "The API is overloaded (529), after the client's own retries." },
  api_error: { retryable: true, doc: "The API failed (5xx), after the client's own retries." },
  timeout: { retryable: true, doc: "The request timed out." },
  stream_stalled: {
    retryable: true,
    doc: "The model stream sent nothing for longer than the idle timeout, mid-answer.",
  },
  connection_error: { retryable: true, doc: "The API could not be reached." },
  invalid_request: { retryable: false, doc: "The API rejected the request as malformed (400)." },
  prompt_too_long: { retryable: false, doc: "The conversation no longer fits the model's context window." },
  model_not_found: { retryable: false, doc: "The model name is unknown to the API (404)." },
  request_too_large: { retryable: false, doc: "The request body exceeds the API's size limit (413)." },
  api_key_helper_failed: { retryable: true, doc: "The apiKeyHelper command failed or printed nothing." },
  cloud_credentials_failed: {
    retryable: true,
    doc: "AWS or Google Cloud credentials could not be obtained.",
  },
  provider_config_invalid: {
    retryable: false,
    doc: "A provider setting is unusable (base URL, certificate, region).",
  },
  turn_in_progress: { retryable: true, doc: "A turn is already running in this session." },
  internal_error: { retryable: false, doc: "A bug in Berth; the message has the details." },
} as const satisfies Record<string, { retryable: boolean; doc: string }>;

export type AgentErrorCode = keyof typeof AgentErrorCodes;

export class AgentError extends Error {
  override name = "AgentError";
  readonly retryable: boolean;

  constructor(
    readonly code: AgentErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.retryable = AgentErrorCodes[code].retryable;
  }

  toTurnError(): TurnError {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  status?: unknown;
  type?: unknown;
  apiMessage?: unknown;
  requestID?: unknown;
  headers?: unknown;
  code?: unknown;
  retryable?: unknown;
  constructor?: { name?: unknown };
}

const asObject = (error: unknown): ErrorLike => (typeof error === "object" && error !== null ? error : {});

/** True for the SDK's APIUserAbortError and for DOM-style AbortErrors. */
export function isAbortError(error: unknown): boolean {
  const e = asObject(error);
  const name = e.constructor?.name ?? e.name;
  return name === "APIUserAbortError" || e.name === "AbortError";
}

/** Maps anything thrown while talking to the model to a turn error with a stable code. */
export function classifyError(error: unknown): TurnError {
  if (error instanceof AgentError) return error.toTurnError();
  const e = asObject(error);
  if (typeof e.code === "string" && typeof e.message === "string") {
    // Errors from our own packages already carry a code and a message written for the user.
    if (e.code in AgentErrorCodes) return new AgentError(e.code as AgentErrorCode, e.message).toTurnError();
    const mapped = fromProviderCode(e.code, e);
    if (mapped) return new AgentError(mapped, e.message).toTurnError();
  }
  return toAgentError(e).toTurnError();
}

/**
 * @berth/providers' ProviderError codes, refined by HTTP status where the agent's catalogue is
 * finer (it tells overloaded from failing, and an unknown model from a malformed request).
 */
function fromProviderCode(code: string, e: ErrorLike): AgentErrorCode | undefined {
  const status = typeof e.status === "number" ? e.status : undefined;
  switch (code) {
    case "PROVIDER_NO_CREDENTIALS":
      return "no_credentials";
    case "PROVIDER_API_KEY_HELPER_FAILED":
      return "api_key_helper_failed";
    case "PROVIDER_AWS_CREDENTIALS_FAILED":
      return "cloud_credentials_failed";
    case "PROVIDER_CONFIG_INVALID":
      return "provider_config_invalid";
    case "PROVIDER_AUTH_FAILED":
      return "auth_failed";
    case "PROVIDER_PERMISSION_DENIED":
      return "forbidden";
    case "PROVIDER_RATE_LIMITED":
      return "rate_limited";
    case "PROVIDER_OVERLOADED":
      return status === 529 ? "overloaded" : status === 504 ? "timeout" : "api_error";
    case "PROVIDER_CONNECTION_FAILED":
      return "connection_error";
    case "PROVIDER_REQUEST_INVALID":
      if (status === 404) return "model_not_found";
      if (status === 413) return "request_too_large";
      if (status === 402) return "billing";
      return PROMPT_TOO_LONG.test(String(e.message)) ? "prompt_too_long" : "invalid_request";
    default:
      return undefined;
  }
}

const PROMPT_TOO_LONG = /prompt is too long|context (window|length)/i;

function toAgentError(e: ErrorLike): AgentError {
  const status = typeof e.status === "number" ? e.status : undefined;
  const type = typeof e.type === "string" ? e.type : undefined;
  const detail = apiDetail(e);
  const className = String(e.constructor?.name ?? e.name ?? "");
  const make = (code: AgentErrorCode, message: string) => new AgentError(code, message, { cause: e });

  if (
    className === "APIConnectionTimeoutError" ||
    status === 408 ||
    status === 504 ||
    type === "timeout_error"
  ) {
    return make(
      "timeout",
      `The model request timed out${detail}. Try again; if it persists, check your network or proxy.`,
    );
  }
  if (className === "APIConnectionError") {
    return make(
      "connection_error",
      `Could not reach the model API${detail}. Check your network connection, proxy settings ` +
        "(HTTPS_PROXY) and ANTHROPIC_BASE_URL.",
    );
  }
  if (status === 401 || type === "authentication_error") {
    return make(
      "auth_failed",
      `The API rejected the credentials${detail}. Check ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN, ` +
        "or the apiKeyHelper setting, then try again.",
    );
  }
  if (status === 403 || type === "permission_error") {
    return make("forbidden", `The credentials are not allowed to use this model or resource${detail}.`);
  }
  if (status === 402 || type === "billing_error") {
    return make(
      "billing",
      `The API refused to bill this request${detail}. Check the account's credit balance.`,
    );
  }
  if (status === 429 || type === "rate_limit_error") {
    return make("rate_limited", `Rate limit reached${detail}${retryAfter(e)}. Wait a moment and try again.`);
  }
  if (status === 529 || type === "overloaded_error") {
    return make("overloaded", `The API is overloaded${detail}. Try again in a little while.`);
  }
  if (status === 404 || type === "not_found_error") {
    return make(
      "model_not_found",
      `The API did not find the model or endpoint${detail}. Check the model name.`,
    );
  }
  if (status === 413 || type === "request_too_large") {
    return make(
      "request_too_large",
      `The request is too large for the API${detail}. Start a new session or trim the conversation.`,
    );
  }
  if (status === 400 || type === "invalid_request_error") {
    const text = String(e.apiMessage ?? e.message ?? "");
    if (PROMPT_TOO_LONG.test(text)) {
      return make(
        "prompt_too_long",
        `The conversation is too long for the model${detail}. Start a new session.`,
      );
    }
    return make("invalid_request", `The API rejected the request${detail}.`);
  }
  if (status !== undefined && status >= 500) {
    return make("api_error", `The API failed with status ${status}${detail}. Try again.`);
  }
  if (type === "api_error") return make("api_error", `The API failed${detail}. Try again.`);
  const message = typeof e.message === "string" ? e.message : String(e);
  // The SDK's own wording when neither an API key nor an auth token was configured.
  if (/authentication method|apiKey or authToken|api key/i.test(message) && status === undefined) {
    return make(
      "no_credentials",
      "No model credentials are configured. Set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN), " +
        "or configure apiKeyHelper in settings.",
    );
  }
  if (status !== undefined) return make("api_error", `The API returned status ${status}${detail}.`);
  return make("internal_error", `Unexpected error: ${message}`);
}

/** ": <api message> (request req_...)" when the API said something useful. */
function apiDetail(e: ErrorLike): string {
  const said = typeof e.apiMessage === "string" && e.apiMessage ? e.apiMessage : undefined;
  const request = typeof e.requestID === "string" && e.requestID ? ` (request ${e.requestID})` : "";
  return said ? `: ${said}${request}` : request;
}

function retryAfter(e: ErrorLike): string {
  const headers = e.headers;
  const value =
    typeof headers === "object" && headers !== null && "get" in headers && typeof headers.get === "function"
      ? (headers.get("retry-after") as string | null)
      : null;
  return value ? ` (the API suggests retrying after ${value}s)` : "";
}
