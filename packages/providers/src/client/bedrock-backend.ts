// Amazon Bedrock through @anthropic-ai/bedrock-sdk (reference §3.4).
import { AnthropicBedrock, type ClientOptions as BedrockClientOptions } from "@anthropic-ai/bedrock-sdk";
import type { Middleware } from "@anthropic-ai/sdk/client";
import { AwsAuthRefresh } from "../aws/auth-refresh.js";
import { resolveBedrockAuth } from "../aws/bedrock-auth.js";
import { AwsCredentialExport } from "../aws/credential-export.js";
import { envFlag, envValue } from "../env.js";
import { ProviderConfigError } from "../errors.js";
import { createTransport } from "../network/transport.js";
import { type Backend, type BackendInput, requestHeaders } from "./backend.js";
import { commonSdkOptions, parseBaseUrl } from "./sdk-options.js";

/**
 * Expired or revoked session credentials (403 ExpiredTokenException / UnrecognizedClientException):
 * run awsAuthRefresh once and retry. The retry goes through `next`, which re-signs the request
 * with whatever the chain now returns.
 */
function expiredTokenMiddleware(refresh: AwsAuthRefresh): Middleware {
  return async (request, next) => {
    const response = await next(request);
    const errorType = response.headers.get("x-amzn-errortype") ?? "";
    if (response.status !== 403 || !/ExpiredToken|UnrecognizedClient/i.test(errorType)) return response;
    await response.body?.cancel().catch(() => {});
    await refresh.run();
    return next(request);
  };
}

export async function createBedrockBackend(input: BackendInput): Promise<Backend> {
  const { env } = input;
  const skipAuth = envFlag(env, "CLAUDE_CODE_SKIP_BEDROCK_AUTH");
  // A gateway that signs for us does not care about the region, so skip-auth gets a default.
  const region =
    envValue(env, "AWS_REGION") ??
    envValue(env, "AWS_DEFAULT_REGION") ??
    (skipAuth ? "us-east-1" : undefined);
  if (!region) {
    throw new ProviderConfigError(
      "Bedrock needs a region: set AWS_REGION (e.g. AWS_REGION=us-east-1) in your environment or in settings `env`.",
    );
  }
  const rawBaseUrl =
    envValue(env, "ANTHROPIC_BEDROCK_BASE_URL") ?? `https://bedrock-runtime.${region}.amazonaws.com`;
  const transport = createTransport(env, parseBaseUrl(rawBaseUrl, "ANTHROPIC_BEDROCK_BASE_URL"));
  const { awsCredentialExport, awsAuthRefresh } = input.settings;
  const exporter = awsCredentialExport?.trim()
    ? new AwsCredentialExport({ command: awsCredentialExport.trim(), cwd: input.cwd, env })
    : undefined;
  const refresh = awsAuthRefresh?.trim()
    ? new AwsAuthRefresh({
        command: awsAuthRefresh.trim(),
        cwd: input.cwd,
        env,
        onOutput: input.onAwsAuthRefreshOutput,
      })
    : undefined;
  const auth = resolveBedrockAuth(env, { exporter, refresh });
  const options: BedrockClientOptions = {
    ...commonSdkOptions({
      env,
      baseURL: rawBaseUrl,
      maxRetries: input.maxRetries,
      timeoutMs: input.timeoutMs,
      fetch: input.fetch ?? transport.fetch,
      headers: requestHeaders(input),
      middleware: auth.refresh ? [expiredTokenMiddleware(auth.refresh)] : [],
      logger: input.logger,
      secrets: auth.secrets,
    }),
    awsRegion: region,
    ...auth.options,
  };
  // The constructor's overloads only separate static-key combinations for callers' benefit.
  const client = new AnthropicBedrock(
    options as BedrockClientOptions & { awsAccessKey?: null; awsSecretKey?: null; awsSessionToken?: null },
  );
  return {
    provider: "bedrock",
    client,
    messages: client.messages,
    baseURL: client.baseURL,
    network: transport.summary,
    describeCredential: auth.label,
    knownSecrets: auth.secrets,
    close: () => transport.close(),
  };
}
