// The Anthropic API (or a gateway speaking it) through the official SDK.
import { BaseAnthropic } from "@anthropic-ai/sdk/client";
import { Messages } from "@anthropic-ai/sdk/resources/messages/messages";
import { credentialSecrets, resolveAnthropicCredential } from "../credentials/anthropic-credential.js";
import { describeCredential } from "../credentials/label.js";
import { envValue } from "../env.js";
import { createTransport } from "../network/transport.js";
import { authMiddleware } from "./auth-middleware.js";
import { type Backend, type BackendInput, requestHeaders } from "./backend.js";
import { commonSdkOptions, parseBaseUrl } from "./sdk-options.js";

export const ANTHROPIC_DEFAULT_BASE_URL = "https://api.anthropic.com";

/**
 * The SDK client with Berth in charge of authentication: it never looks for credentials of
 * its own (profiles, workload identity, process.env), and headers are set per attempt by
 * authMiddleware, so the SDK's "no auth configured" check is skipped.
 *
 * It is the SDK's base client with only the Messages API, which is all Berth calls: the full
 * `Anthropic` class constructs every resource (beta, organization, files, skills, ...), which
 * puts about 700 KB more of the SDK into the chunk the first session loads.
 */
class BerthAnthropic extends BaseAnthropic {
  readonly messages: Messages = new Messages(this);

  protected override _shouldResolveDefaultCredentials(): boolean {
    return false;
  }

  protected override validateHeaders(): void {}
}

export async function createAnthropicBackend(input: BackendInput): Promise<Backend> {
  const credential = await resolveAnthropicCredential({
    env: input.env,
    apiKeyHelper: input.settings.apiKeyHelper,
    cwd: input.cwd,
    helperRegistry: input.helperRegistry,
    storedKey: input.storedKey,
  });
  const rawBaseUrl = envValue(input.env, "ANTHROPIC_BASE_URL") ?? ANTHROPIC_DEFAULT_BASE_URL;
  const transport = createTransport(input.env, parseBaseUrl(rawBaseUrl, "ANTHROPIC_BASE_URL"));
  const secrets = () => credentialSecrets(credential);
  const client = new BerthAnthropic({
    ...commonSdkOptions({
      env: input.env,
      baseURL: rawBaseUrl,
      maxRetries: input.maxRetries,
      timeoutMs: input.timeoutMs,
      fetch: input.fetch ?? transport.fetch,
      headers: requestHeaders(input),
      middleware: [authMiddleware(credential, input.logger)],
      logger: input.logger,
      secrets,
    }),
    // null, not undefined: undefined makes the SDK read ANTHROPIC_API_KEY from process.env.
    apiKey: null,
    authToken: null,
  });
  return {
    provider: "anthropic",
    client,
    messages: client.messages,
    baseURL: client.baseURL,
    network: transport.summary,
    describeCredential: () => describeCredential(credential),
    knownSecrets: secrets,
    close: () => transport.close(),
  };
}
