// Error responses in the exact shape of the real Messages API, so the SDK maps them to its typed
// errors (AuthenticationError, RateLimitError, InternalServerError, ...) the same way it would in
// production.
import type { ApiErrorType, ErrorTurn } from "./schemas.js";

export interface ApiErrorBody {
  type: "error";
  error: { type: ApiErrorType; message: string };
}

/** A resolved error: everything needed to write the HTTP response. */
export interface ApiErrorResponse {
  status: number;
  body: ApiErrorBody;
  headers: Record<string, string>;
}

const TYPE_BY_STATUS: Record<number, ApiErrorType> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

const DEFAULT_MESSAGE: Record<ApiErrorType, string> = {
  invalid_request_error: "Invalid request",
  authentication_error: "invalid x-api-key",
  billing_error: "Your credit balance is too low to access the Anthropic API.",
  permission_error: "Your API key does not have permission to use the specified resource.",
  not_found_error: "Not found",
  request_too_large: "Request exceeds the maximum allowed number of bytes.",
  rate_limit_error: "Number of request tokens has exceeded your per-minute rate limit",
  api_error: "Internal server error",
  timeout_error: "Request timed out",
  overloaded_error: "Overloaded",
};

// The real API always sends retry-after with a 429; one second is what it usually says.
const DEFAULT_RATE_LIMIT_RETRY_AFTER_SECONDS = 1;

export function errorTypeForStatus(status: number): ApiErrorType {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}

export function apiErrorResponse(
  status: number,
  type: ApiErrorType = errorTypeForStatus(status),
  message: string = DEFAULT_MESSAGE[type],
  retryAfterSeconds?: number,
): ApiErrorResponse {
  const headers: Record<string, string> = {};
  const retryAfter =
    retryAfterSeconds ?? (status === 429 ? DEFAULT_RATE_LIMIT_RETRY_AFTER_SECONDS : undefined);
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  return { status, body: { type: "error", error: { type, message } }, headers };
}

export function errorTurnResponse(turn: ErrorTurn): ApiErrorResponse {
  const { status, type, message, retryAfter } = turn.error;
  const response = apiErrorResponse(status, type, message, retryAfter ?? undefined);
  // null: no retry-after at all, as some gateways and proxies answer a 429.
  if (retryAfter === null) delete response.headers["retry-after"];
  return response;
}

export const invalidRequest = (message: string): ApiErrorResponse =>
  apiErrorResponse(400, "invalid_request_error", message);

/** Failures of the fake itself (script exhausted, responder threw): loud 500s so tests fail. */
export function fakeFailure(message: string): ApiErrorResponse {
  const response = apiErrorResponse(500, "api_error", `fake model: ${message}`);
  // The SDK obeys x-should-retry; retrying a broken script only delays the failing test.
  response.headers["x-should-retry"] = "false";
  return response;
}
