// How a Bedrock session authenticates, from its environment and settings (reference §3.4):
//   CLAUDE_CODE_SKIP_BEDROCK_AUTH -> nothing (a gateway at ANTHROPIC_BEDROCK_BASE_URL signs)
//   AWS_BEARER_TOKEN_BEDROCK      -> Bedrock API key, Authorization: Bearer
//   awsCredentialExport setting   -> SigV4 with the keys the command prints ([2026]: always used when set)
//   AWS_ACCESS_KEY_ID/SECRET      -> SigV4 with those keys (from the session env, not the daemon's)
//   otherwise                     -> SigV4 with the shared-config chain (profiles, SSO, web identity,
//                                    instance metadata), running awsAuthRefresh once when it fails.
import { join } from "node:path";
import type { ClientOptions as BedrockClientOptions } from "@anthropic-ai/bedrock-sdk";
import { type CredentialLabel, makeLabel } from "../credentials/label.js";
import { type Env, envFlag, envValue } from "../env.js";
import { ProviderError } from "../errors.js";
import type { AwsAuthRefresh } from "./auth-refresh.js";
import type { AwsCredentialExport, AwsCredentials } from "./credential-export.js";

type ChainResolver = NonNullable<BedrockClientOptions["providerChainResolver"]>;
type IdentityProvider = Awaited<ReturnType<ChainResolver>>;

export interface BedrockAuth {
  options: Pick<
    BedrockClientOptions,
    "apiKey" | "awsAccessKey" | "awsSecretKey" | "awsSessionToken" | "providerChainResolver" | "skipAuth"
  >;
  label(): CredentialLabel;
  secrets(): string[];
  /** Set when the chain is used and awsAuthRefresh is configured. */
  refresh: AwsAuthRefresh | undefined;
}

function identity(credentials: AwsCredentials) {
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    ...(credentials.expiration ? { expiration: credentials.expiration } : {}),
  };
}

/** The AWS shared-config chain, configured from the session's environment. */
async function sessionChain(env: Env): Promise<IdentityProvider> {
  const providers = await import("@aws-sdk/credential-providers");
  const home = envValue(env, "HOME");
  const init = {
    ...(envValue(env, "AWS_PROFILE") ? { profile: envValue(env, "AWS_PROFILE") } : {}),
    ...(envValue(env, "AWS_SHARED_CREDENTIALS_FILE") || home
      ? { filepath: envValue(env, "AWS_SHARED_CREDENTIALS_FILE") ?? join(home ?? "", ".aws", "credentials") }
      : {}),
    ...(envValue(env, "AWS_CONFIG_FILE") || home
      ? { configFilepath: envValue(env, "AWS_CONFIG_FILE") ?? join(home ?? "", ".aws", "config") }
      : {}),
    // Re-read the files each time: awsAuthRefresh may just have rewritten them.
    ignoreCache: true,
  };
  const chain: IdentityProvider[] = [providers.fromIni(init)];
  const tokenFile = envValue(env, "AWS_WEB_IDENTITY_TOKEN_FILE");
  const roleArn = envValue(env, "AWS_ROLE_ARN");
  if (tokenFile && roleArn) {
    chain.push(providers.fromTokenFile({ webIdentityTokenFile: tokenFile, roleArn }));
  }
  if (
    envValue(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") ||
    envValue(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI")
  ) {
    chain.push(providers.fromContainerMetadata());
  }
  if (envValue(env, "AWS_EC2_METADATA_DISABLED")?.toLowerCase() !== "true") {
    chain.push(providers.fromInstanceMetadata());
  }
  return providers.createCredentialChain(...chain);
}

const CHAIN_HELP =
  "No AWS credentials for Bedrock. Run `aws configure` or `aws sso login`, set AWS_PROFILE, " +
  "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_BEARER_TOKEN_BEDROCK, or set awsAuthRefresh / " +
  "awsCredentialExport in settings.";

function chainResolver(env: Env, refresh: AwsAuthRefresh | undefined): ChainResolver {
  const resolve = async () => (await sessionChain(env))();
  return async () => async () => {
    try {
      return await resolve();
    } catch (first) {
      if (!refresh) throw new ProviderError("PROVIDER_AWS_CREDENTIALS_FAILED", CHAIN_HELP, { cause: first });
      await refresh.run();
      try {
        return await resolve();
      } catch (second) {
        throw new ProviderError(
          "PROVIDER_AWS_CREDENTIALS_FAILED",
          `awsAuthRefresh ran but AWS credentials still cannot be resolved. ${CHAIN_HELP}`,
          { cause: second },
        );
      }
    }
  };
}

export function resolveBedrockAuth(
  env: Env,
  commands: { exporter: AwsCredentialExport | undefined; refresh: AwsAuthRefresh | undefined },
): BedrockAuth {
  const none = {
    apiKey: null,
    awsAccessKey: null,
    awsSecretKey: null,
    awsSessionToken: null,
    providerChainResolver: null,
  };
  if (envFlag(env, "CLAUDE_CODE_SKIP_BEDROCK_AUTH")) {
    return {
      options: { ...none, skipAuth: true },
      label: () => makeLabel("bedrock:skip-auth"),
      secrets: () => [],
      refresh: undefined,
    };
  }
  const bearer = envValue(env, "AWS_BEARER_TOKEN_BEDROCK");
  if (bearer) {
    return {
      options: { ...none, apiKey: bearer },
      label: () => makeLabel("bedrock:AWS_BEARER_TOKEN_BEDROCK", bearer),
      secrets: () => [bearer],
      refresh: undefined,
    };
  }
  const { exporter } = commands;
  if (exporter) {
    const secrets = () => {
      const c = exporter.peek();
      return c ? [c.secretAccessKey, ...(c.sessionToken ? [c.sessionToken] : [])] : [];
    };
    return {
      options: { ...none, providerChainResolver: async () => async () => identity(await exporter.get()) },
      label: () => makeLabel("bedrock:awsCredentialExport", exporter.peek()?.accessKeyId),
      secrets,
      refresh: undefined,
    };
  }
  const accessKey = envValue(env, "AWS_ACCESS_KEY_ID");
  const secretKey = envValue(env, "AWS_SECRET_ACCESS_KEY");
  if (accessKey && secretKey) {
    const sessionToken = envValue(env, "AWS_SESSION_TOKEN") ?? null;
    return {
      options: { ...none, awsAccessKey: accessKey, awsSecretKey: secretKey, awsSessionToken: sessionToken },
      label: () => makeLabel("bedrock:aws-env-keys", accessKey),
      secrets: () => [secretKey, ...(sessionToken ? [sessionToken] : [])],
      refresh: undefined,
    };
  }
  const profile = envValue(env, "AWS_PROFILE");
  return {
    options: { ...none, providerChainResolver: chainResolver(env, commands.refresh) },
    label: () => makeLabel("bedrock:aws-chain", undefined, profile ? `(profile ${profile})` : undefined),
    secrets: () => [],
    refresh: commands.refresh,
  };
}
