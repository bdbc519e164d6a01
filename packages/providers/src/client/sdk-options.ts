// Options every SDK client gets, whatever the provider. Each one that the SDK would otherwise
// default from process.env is passed explicitly (the daemon's environment is not the
// session's), and the SDK logs into Berth's logger, redacted, instead of the daemon's console.
import type { ClientOptions, Logger, LogLevel, Middleware } from "@anthropic-ai/sdk/client";
import { type Env, envValue } from "../env.js";
import { ProviderConfigError } from "../errors.js";
import type { ProviderLogger } from "../logger.js";
import { refuseCrossOriginRedirects } from "../network/redirects.js";
import type { FetchLike } from "../network/transport.js";
import { redactSecrets } from "../redact.js";

export const DEFAULT_MAX_RETRIES = 2;

export interface CommonSdkOptionsInput {
  env: Env;
  baseURL: string;
  maxRetries?: number | undefined;
  timeoutMs?: number | undefined;
  fetch: FetchLike | undefined;
  headers: Record<string, string>;
  middleware: Middleware[];
  logger: ProviderLogger;
  secrets: () => readonly string[];
}

const LEVELS: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];

function sdkLogger(logger: ProviderLogger, secrets: () => readonly string[]): Logger {
  // The SDK's extra arguments can hold request details; only its (redacted) message is kept.
  const wrap = (log: ProviderLogger["warn"]) => (message: string) =>
    log(redactSecrets(String(message), secrets()), { origin: "anthropic-sdk" });
  return {
    error: wrap(logger.error.bind(logger)),
    warn: wrap(logger.warn.bind(logger)),
    info: wrap(logger.info.bind(logger)),
    debug: wrap(logger.debug.bind(logger)),
  };
}

/** Options shared by the three SDK clients (credential options differ per provider). */
export type CommonSdkOptions = Omit<ClientOptions, "apiKey" | "authToken">;

export function commonSdkOptions(input: CommonSdkOptionsInput): CommonSdkOptions {
  const level = envValue(input.env, "ANTHROPIC_LOG") as LogLevel | undefined;
  return {
    baseURL: input.baseURL,
    maxRetries: input.maxRetries ?? DEFAULT_MAX_RETRIES,
    ...(input.timeoutMs !== undefined ? { timeout: input.timeoutMs } : {}),
    // Every backend's requests carry credentials: never let fetch follow a redirect elsewhere.
    fetch: refuseCrossOriginRedirects(input.fetch ?? ((url, init) => globalThis.fetch(url, init))),
    defaultHeaders: input.headers,
    middleware: input.middleware,
    logger: sdkLogger(input.logger, input.secrets),
    logLevel: level && LEVELS.includes(level) ? level : "warn",
    webhookKey: null,
    // Berth exports its own metrics and events (spec §7); SDK spans stay off unless wired later.
    openTelemetry: false,
  };
}

/** Parses a base URL from a named variable, with an error that names the variable, not the value. */
export function parseBaseUrl(value: string, variable: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return url;
  } catch {
    // fall through
  }
  // The value itself may carry credentials (https://user:pass@host), so it is not echoed.
  throw new ProviderConfigError(
    `${variable} is not an http(s) URL. Set it to the gateway's address, e.g. https://llm-gateway.example.com.`,
  );
}
