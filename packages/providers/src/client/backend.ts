// What each provider module builds: the SDK client plus what the wrapper needs around it.
import type { BaseAnthropic } from "@anthropic-ai/sdk/client";
import type { Messages } from "@anthropic-ai/sdk/resources/messages";
import type { AnthropicBedrock } from "@anthropic-ai/bedrock-sdk";
import type { AnthropicVertex } from "@anthropic-ai/vertex-sdk";
import type { StoredKeySource } from "../credentials/anthropic-credential.js";
import type { ApiKeyHelperRegistry } from "../credentials/helper-registry.js";
import type { CredentialLabel } from "../credentials/label.js";
import type { Env } from "../env.js";
import type { ProviderLogger } from "../logger.js";
import { parseCustomHeaders } from "../network/custom-headers.js";
import type { FetchLike, Transport } from "../network/transport.js";
import type { ProviderName } from "../provider.js";

export type SdkClient = BaseAnthropic | AnthropicBedrock | AnthropicVertex;

/** The effective settings values this package needs (after trust filtering and merging). */
export interface ModelClientSettings {
  apiKeyHelper?: string | undefined;
  awsAuthRefresh?: string | undefined;
  awsCredentialExport?: string | undefined;
}

export interface BackendInput {
  env: Env;
  settings: ModelClientSettings;
  helperRegistry: ApiKeyHelperRegistry;
  cwd: string;
  storedKey?: StoredKeySource | undefined;
  logger: ProviderLogger;
  maxRetries?: number | undefined;
  timeoutMs?: number | undefined;
  sessionId?: string | undefined;
  /** Replaces the transport's fetch (tests, or an embedding app with its own HTTP stack). */
  fetch?: FetchLike | undefined;
  /** Output of awsAuthRefresh, which Claude Code shows to the user (e.g. an SSO device code). */
  onAwsAuthRefreshOutput?: ((text: string) => void) | undefined;
}

export interface Backend {
  provider: ProviderName;
  client: SdkClient;
  messages: Pick<Messages, "create" | "stream">;
  baseURL: string;
  network: Transport["summary"];
  describeCredential(): CredentialLabel;
  knownSecrets(): string[];
  close(): Promise<void>;
}

/** ANTHROPIC_CUSTOM_HEADERS plus the session header gateways use to group requests. */
export function requestHeaders(input: BackendInput): Record<string, string> {
  const headers = parseCustomHeaders(input.env.ANTHROPIC_CUSTOM_HEADERS, input.logger);
  if (input.sessionId) headers["x-claude-code-session-id"] = input.sessionId;
  return headers;
}
