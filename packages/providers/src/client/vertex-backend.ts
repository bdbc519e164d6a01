// Google Vertex AI through @anthropic-ai/vertex-sdk (reference §3.5).
import { AnthropicVertex, type ClientOptions as VertexClientOptions } from "@anthropic-ai/vertex-sdk";
import { GoogleAuth } from "google-auth-library";
import { makeLabel } from "../credentials/label.js";
import { type Env, envFlag, envValue } from "../env.js";
import { ProviderConfigError } from "../errors.js";
import { createTransport } from "../network/transport.js";
import { type Backend, type BackendInput, requestHeaders } from "./backend.js";
import { commonSdkOptions, parseBaseUrl } from "./sdk-options.js";

type AuthClientLike = NonNullable<VertexClientOptions["authClient"]>;

/** Claude Code falls back to us-east5 when CLOUD_ML_REGION is unset ([2026]). */
export const VERTEX_DEFAULT_REGION = "us-east5";

/** The SDK's own default endpoints, repeated here so it never falls back to process.env. */
export function vertexDefaultBaseUrl(region: string): string {
  if (region === "global") return "https://aiplatform.googleapis.com/v1";
  if (region === "us" || region === "eu") return `https://aiplatform.${region}.rep.googleapis.com/v1`;
  return `https://${region}-aiplatform.googleapis.com/v1`;
}

/** Documented order: GCLOUD_PROJECT and GOOGLE_CLOUD_PROJECT override ANTHROPIC_VERTEX_PROJECT_ID. */
export function vertexProjectId(env: Env): string | undefined {
  return (
    envValue(env, "GCLOUD_PROJECT") ??
    envValue(env, "GOOGLE_CLOUD_PROJECT") ??
    envValue(env, "ANTHROPIC_VERTEX_PROJECT_ID")
  );
}

/**
 * An AuthClient that only looks for Google credentials when the first request needs them. The
 * SDK's default starts that lookup in its constructor, which reaches for the metadata server
 * and rejects unobserved when no credentials exist.
 */
function lazyGoogleAuth(env: Env, projectId: string | undefined): AuthClientLike {
  const keyFilename = envValue(env, "GOOGLE_APPLICATION_CREDENTIALS");
  const auth = new GoogleAuth({
    scopes: "https://www.googleapis.com/auth/cloud-platform",
    ...(keyFilename ? { keyFilename } : {}),
    ...(projectId ? { projectId } : {}),
  });
  let client: ReturnType<GoogleAuth["getClient"]> | undefined;
  const lazy = {
    projectId: projectId ?? null,
    async getRequestHeaders(url?: string) {
      client ??= auth.getClient();
      const resolved = await client;
      lazy.projectId ??= resolved.projectId ?? null;
      return resolved.getRequestHeaders(url);
    },
  };
  return lazy as unknown as AuthClientLike;
}

/** For CLAUDE_CODE_SKIP_VERTEX_AUTH: a gateway adds the Google credentials. */
const noAuth = { projectId: null, getRequestHeaders: async () => new Headers() } as unknown as AuthClientLike;

export async function createVertexBackend(input: BackendInput): Promise<Backend> {
  const { env } = input;
  const skipAuth = envFlag(env, "CLAUDE_CODE_SKIP_VERTEX_AUTH");
  const region = envValue(env, "CLOUD_ML_REGION") ?? VERTEX_DEFAULT_REGION;
  const projectId = vertexProjectId(env);
  if (skipAuth && !projectId) {
    throw new ProviderConfigError(
      "Vertex needs a project: set ANTHROPIC_VERTEX_PROJECT_ID in your environment or settings `env`.",
    );
  }
  const rawBaseUrl = envValue(env, "ANTHROPIC_VERTEX_BASE_URL") ?? vertexDefaultBaseUrl(region);
  const transport = createTransport(env, parseBaseUrl(rawBaseUrl, "ANTHROPIC_VERTEX_BASE_URL"));
  const client = new AnthropicVertex({
    ...commonSdkOptions({
      env,
      baseURL: rawBaseUrl,
      maxRetries: input.maxRetries,
      timeoutMs: input.timeoutMs,
      fetch: input.fetch ?? transport.fetch,
      headers: requestHeaders(input),
      middleware: [],
      logger: input.logger,
      secrets: () => [],
    }),
    region,
    projectId: projectId ?? null,
    authClient: skipAuth ? noAuth : lazyGoogleAuth(env, projectId),
  });
  const keyFile = envValue(env, "GOOGLE_APPLICATION_CREDENTIALS");
  const label = skipAuth
    ? makeLabel("vertex:skip-auth")
    : makeLabel("vertex:google", undefined, keyFile ? `(${keyFile})` : undefined);
  return {
    provider: "vertex",
    client,
    messages: client.messages,
    baseURL: client.baseURL,
    network: transport.summary,
    describeCredential: () => label,
    knownSecrets: () => [],
    close: () => transport.close(),
  };
}
