// Which credential a session uses for the Anthropic API (or a gateway speaking its protocol),
// in the order of reference §3.1:
//   1. ANTHROPIC_AUTH_TOKEN  -> Authorization: Bearer <token>
//   2. ANTHROPIC_API_KEY     -> x-api-key
//   3. apiKeyHelper output   -> both x-api-key and Authorization: Bearer
//   4. the key stored by `berth login` -> x-api-key
// (Bedrock/Vertex come before all of these, but they are separate providers; see provider.ts.)
// Claude Code's subscription OAuth (CLAUDE_CODE_OAUTH_TOKEN, /login) is not supported by Berth.
import { type Env, envValue } from "../env.js";
import { NoCredentialsError } from "../errors.js";
import type { ApiKeyHelper } from "./api-key-helper.js";
import type { ApiKeyHelperRegistry } from "./helper-registry.js";

export type AnthropicCredential =
  | { kind: "static"; source: "env:ANTHROPIC_AUTH_TOKEN"; scheme: "bearer"; value: string }
  | { kind: "static"; source: "env:ANTHROPIC_API_KEY" | "stored"; scheme: "x-api-key"; value: string }
  | { kind: "helper"; source: "apiKeyHelper"; helper: ApiKeyHelper };

/** A source of the key saved by `berth login` (keychain or 0600 file); injected by the daemon. */
export type StoredKeySource = () => string | undefined | Promise<string | undefined>;

export interface ResolveAnthropicCredentialOptions {
  env: Env;
  /** The effective `apiKeyHelper` setting (already filtered by workspace trust). */
  apiKeyHelper?: string | undefined;
  cwd: string;
  helperRegistry: ApiKeyHelperRegistry;
  storedKey?: StoredKeySource | undefined;
}

export async function resolveAnthropicCredential(
  options: ResolveAnthropicCredentialOptions,
): Promise<AnthropicCredential> {
  const { env } = options;
  const authToken = envValue(env, "ANTHROPIC_AUTH_TOKEN");
  if (authToken)
    return { kind: "static", source: "env:ANTHROPIC_AUTH_TOKEN", scheme: "bearer", value: authToken };
  const apiKey = envValue(env, "ANTHROPIC_API_KEY");
  if (apiKey) return { kind: "static", source: "env:ANTHROPIC_API_KEY", scheme: "x-api-key", value: apiKey };
  const command = options.apiKeyHelper?.trim();
  if (command) {
    const helper = options.helperRegistry.acquire({ command, cwd: options.cwd, env });
    return { kind: "helper", source: "apiKeyHelper", helper };
  }
  const stored = (await options.storedKey?.())?.trim();
  if (stored) return { kind: "static", source: "stored", scheme: "x-api-key", value: stored };
  throw new NoCredentialsError();
}

/** The headers that carry `key` for this credential. */
export function authHeadersFor(credential: AnthropicCredential, key: string): Record<string, string> {
  if (credential.kind === "helper") return { "x-api-key": key, authorization: `Bearer ${key}` };
  return credential.scheme === "bearer" ? { authorization: `Bearer ${key}` } : { "x-api-key": key };
}

/** The current key: the static value, or the helper's (cached or freshly fetched) output. */
export function credentialKey(credential: AnthropicCredential): Promise<string> {
  return credential.kind === "helper" ? credential.helper.get() : Promise.resolve(credential.value);
}

/** Values to scrub from logs and errors for this credential (what is known right now). */
export function credentialSecrets(credential: AnthropicCredential): string[] {
  const value = credential.kind === "helper" ? credential.helper.peek() : credential.value;
  return value ? [value] : [];
}
