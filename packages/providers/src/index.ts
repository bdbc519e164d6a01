// @berth/providers: model access (Anthropic API, Bedrock, Vertex, gateways), credentials
// (env, apiKeyHelper, `berth login`), models and aliases, the price table and cost, and secret
// redaction. Nothing here reads process.env: callers pass the session's environment.

export {
  ApiKeyHelper,
  type ApiKeyHelperOptions,
  DEFAULT_HELPER_TIMEOUT_MS,
  DEFAULT_HELPER_TTL_MS,
  helperTtlMs,
} from "./credentials/api-key-helper.js";
export { ApiKeyHelperRegistry, type ApiKeyHelperRegistryOptions } from "./credentials/helper-registry.js";
export {
  type AnthropicCredential,
  authHeadersFor,
  type ResolveAnthropicCredentialOptions,
  resolveAnthropicCredential,
  type StoredKeySource,
} from "./credentials/anthropic-credential.js";
export {
  type CredentialLabel,
  type CredentialSource,
  credentialId,
  describeCredential,
} from "./credentials/label.js";
export type { ModelClientSettings, SdkClient } from "./client/backend.js";
export { ModelApiError, toProviderError } from "./client/error-map.js";
export {
  type CallOptions,
  type CreateModelClientOptions,
  createModelClient,
  type ModelClient,
  prewarmModelClient,
} from "./client/model-client.js";
export { ModelStream } from "./client/model-stream.js";
export { DEFAULT_MAX_RETRIES } from "./client/sdk-options.js";
export { type Env, PROCESS_ENV_KEYS_READ_BY_SDKS } from "./env.js";
export {
  type ApiKeyHelperFailure,
  ApiKeyHelperError,
  NoCredentialsError,
  PROVIDER_ERROR_CODES,
  ProviderConfigError,
  ProviderError,
  type ProviderErrorCode,
} from "./errors.js";
export { type ProviderLogger, silentLogger } from "./logger.js";
export { ALIAS_OVERRIDE_ENV, DEFAULT_ALIAS, MODEL_ALIASES, type ModelAlias } from "./models/aliases.js";
export {
  AUTO_COMPACT_WINDOW_ENV,
  type ContextWindow,
  contextWindow,
  DEFAULT_CONTEXT_WINDOW,
} from "./models/context-window.js";
export {
  aliasModel,
  type ModelSource,
  type ResolvedModel,
  type ResolveModelInput,
  resolveModel,
  smallFastModel,
} from "./models/resolve-model.js";
export { isNoProxy, proxyForUrl } from "./network/proxy.js";
export { loadUndici } from "./network/load-undici.js";
export { parseCustomHeaders } from "./network/custom-headers.js";
export {
  type CostEstimate,
  type CostTokens,
  costUsd,
  type PriceOverride,
  type PriceOverrides,
  type UsageLike,
  usageTokens,
} from "./pricing/cost.js";
export { canonicalModelId, PRICE_TABLE, type PriceRow, priceFor, type Rates } from "./pricing/price-table.js";
export { type ProviderName, resolveProvider } from "./provider.js";
export { REDACTED, redactSecrets, SECRET_PATTERNS, type SecretPattern } from "./redact.js";
export {
  MIN_REDACTED_SECRET_LENGTH,
  type NamedSecret,
  type Redaction,
  type SecretSource,
  SecretRedactor,
  secretMarker,
  type StreamRedaction,
} from "./secrets/redactor.js";
export {
  isSecretVariableName,
  MODEL_CREDENTIAL_VARS,
  modelCredentialVars,
  secretsInEnv,
} from "./secrets/secret-names.js";
export { sessionSecretSource } from "./secrets/session-secrets.js";
export {
  createTransport,
  type FetchLike as TransportFetch,
  type Transport,
  type TransportOptions,
} from "./network/transport.js";
