// createModelClient: one session's access to its model provider. Picks the backend from the
// session environment, wraps the official SDK client, and maps failures to ProviderErrors.
import type {
  Message,
  MessageCreateParamsNonStreaming,
  MessageStreamParams,
} from "@anthropic-ai/sdk/resources/messages/messages";
import type { StoredKeySource } from "../credentials/anthropic-credential.js";
import type { ApiKeyHelperRegistry } from "../credentials/helper-registry.js";
import type { CredentialLabel } from "../credentials/label.js";
import type { Env } from "../env.js";
import { type ProviderLogger, silentLogger } from "../logger.js";
import type { FetchLike, Transport } from "../network/transport.js";
import { type ProviderName, resolveProvider } from "../provider.js";
import type { Backend, BackendInput, ModelClientSettings, SdkClient } from "./backend.js";
import { toProviderError } from "./error-map.js";
import { ModelStream } from "./model-stream.js";

export interface CreateModelClientOptions {
  /** The session's environment (from the client that created it), never the daemon's. */
  env: Env;
  settings?: ModelClientSettings;
  /** The daemon-wide registry, so sessions share helper runs. */
  helperRegistry: ApiKeyHelperRegistry;
  /** The session's project folder: where apiKeyHelper and the AWS commands run. */
  cwd: string;
  /** The key saved by `berth login`, consulted last (reference §3.1). */
  storedKey?: StoredKeySource;
  logger?: ProviderLogger;
  /** SDK retries for 408/409/429/5xx/529 and connection errors. Default 2. */
  maxRetries?: number;
  /** Per-attempt request timeout in ms (SDK default: 10 minutes). */
  timeoutMs?: number;
  /** Sent as x-claude-code-session-id, which LLM gateways use to group a session's requests. */
  sessionId?: string;
  /** Replaces the HTTP fetch (proxy/CA/mTLS handling is then the caller's). */
  fetch?: FetchLike;
  /** Receives awsAuthRefresh output, which is meant for the user (SSO codes, URLs). */
  onAwsAuthRefreshOutput?: (text: string) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ModelClient {
  readonly provider: ProviderName;
  /** The raw SDK client (the base Anthropic client with Messages, AnthropicBedrock or AnthropicVertex). */
  readonly client: SdkClient;
  readonly baseURL: string;
  /** Which network features are active (no values: proxy URLs may hold passwords). */
  readonly network: Transport["summary"];
  messagesCreate(params: MessageCreateParamsNonStreaming, options?: CallOptions): Promise<Message>;
  messagesStream(params: MessageStreamParams, options?: CallOptions): ModelStream;
  /** Non-secret description of the credential in use, for status and the cost ledger. */
  describeCredential(): CredentialLabel;
  /** Secret values currently in use, for the daemon's log redaction. */
  knownSecrets(): string[];
  /** Releases the HTTP connection pool (proxy or mTLS agents). */
  close(): Promise<void>;
}

function buildBackend(input: BackendInput): Promise<Backend> {
  switch (resolveProvider(input.env)) {
    case "bedrock":
      // The cloud SDKs (AWS, Google auth) are large; load them only for sessions that use them.
      return import("./bedrock-backend.js").then((m) => m.createBedrockBackend(input));
    case "vertex":
      return import("./vertex-backend.js").then((m) => m.createVertexBackend(input));
    default:
      // Even the Anthropic SDK (about 1 MB) loads with the first session, so a daemon starts
      // serving without parsing it.
      return import("./anthropic-backend.js").then((m) => m.createAnthropicBackend(input));
  }
}

/**
 * Loads what the first Anthropic-API session needs (the SDK chunk, Node's fetch) ahead of it, for
 * a daemon that a client has just started in order to open a session. Never throws: the session
 * that follows loads the same modules and reports any failure itself.
 */
export async function prewarmModelClient(): Promise<void> {
  // A data: URL goes through all of Node's fetch machinery (which loads on first use, ~30 ms)
  // without touching the network.
  await Promise.all([
    import("./anthropic-backend.js").catch(() => undefined),
    fetch("data:,")
      .then((r) => r.arrayBuffer())
      .catch(() => undefined),
  ]);
}

/**
 * Builds the session's model client. Async because finding the credential may read the
 * keychain. Throws NoCredentialsError when nothing is configured and ProviderConfigError for
 * unusable settings (bad base URL, unreadable certificate file, missing AWS region).
 */
export async function createModelClient(options: CreateModelClientOptions): Promise<ModelClient> {
  const logger = options.logger ?? silentLogger;
  const backend = await buildBackend({ ...options, settings: options.settings ?? {}, logger });
  const mapError = (error: unknown) =>
    toProviderError(error, {
      credential: backend.describeCredential(),
      secrets: backend.knownSecrets(),
      provider: backend.provider,
    });
  return {
    provider: backend.provider,
    client: backend.client,
    baseURL: backend.baseURL,
    network: backend.network,
    async messagesCreate(params, callOptions) {
      try {
        return await backend.messages.create(params, { signal: callOptions?.signal });
      } catch (error) {
        throw mapError(error);
      }
    },
    messagesStream(params, callOptions) {
      return new ModelStream(backend.messages.stream(params, { signal: callOptions?.signal }), mapError);
    },
    describeCredential: backend.describeCredential,
    knownSecrets: backend.knownSecrets,
    close: backend.close,
  };
}
