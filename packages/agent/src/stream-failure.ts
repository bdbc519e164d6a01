import { AgentError } from "./errors.js";

const BROKEN_CONNECTION = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

/**
 * Failures that happen after the response started: the SDK does not retry these and does not wrap
 * them as API errors, so without this they surfaced as "Unexpected error: terminated" (an
 * internal_error, "a bug in Berth"). Both are the network's or the server's doing and worth a retry.
 */
export function explainStreamFailure(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof AgentError) return error;
  // The SDK wraps what undici or JSON.parse threw (AnthropicError, same message): read the chain.
  const chain = causes(error);
  const broken = chain.some(
    (e) => (e.name === "TypeError" && e.message === "terminated") || BROKEN_CONNECTION.has(String(e.code)),
  );
  if (broken) {
    return new AgentError(
      "connection_error",
      "The connection to the model API broke mid-answer. Send your message again; if it keeps " +
        "happening, check your network, proxy (HTTPS_PROXY) or ANTHROPIC_BASE_URL gateway.",
      { cause: error },
    );
  }
  // The SDK parses each SSE event's data as JSON; a SyntaxError means the server sent garbage.
  const garbled = chain.find((e) => e.name === "SyntaxError");
  if (garbled) {
    return new AgentError(
      "api_error",
      `The model API sent a malformed stream event (${garbled.message}). Send your message again; ` +
        "if it keeps happening, check the ANTHROPIC_BASE_URL gateway or proxy in between.",
      { cause: error },
    );
  }
  return error;
}

function causes(error: Error): Array<Error & { code?: unknown }> {
  const chain: Array<Error & { code?: unknown }> = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length < 5) {
    chain.push(current);
    current = current.cause;
  }
  return chain;
}
