// Non-secret descriptions of credentials, for status lines, `berth doctor` and the cost ledger
// ("cost per credential"). A credential is identified by a short SHA-256 prefix of its value:
// stable across sessions, useless to an attacker, enough to tell a team's keys apart.
import { createHash } from "node:crypto";
import { redactSecrets } from "../redact.js";
import type { AnthropicCredential } from "./anthropic-credential.js";

export type CredentialSource =
  | "env:ANTHROPIC_AUTH_TOKEN"
  | "env:ANTHROPIC_API_KEY"
  | "apiKeyHelper"
  | "stored"
  | "bedrock:AWS_BEARER_TOKEN_BEDROCK"
  | "bedrock:aws-env-keys"
  | "bedrock:awsCredentialExport"
  | "bedrock:aws-chain"
  | "bedrock:skip-auth"
  | "vertex:google"
  | "vertex:skip-auth";

export interface CredentialLabel {
  source: CredentialSource;
  /** First 8 hex digits of sha256(secret); absent when no secret is known yet or there is none. */
  id?: string;
  /** One line for people, e.g. "ANTHROPIC_API_KEY (id 1a2b3c4d)". Never contains the secret. */
  display: string;
}

export function credentialId(secret: string): string {
  return createHash("sha256").update(secret).digest("hex").slice(0, 8);
}

const DISPLAY: Record<CredentialSource, string> = {
  "env:ANTHROPIC_AUTH_TOKEN": "ANTHROPIC_AUTH_TOKEN",
  "env:ANTHROPIC_API_KEY": "ANTHROPIC_API_KEY",
  apiKeyHelper: "apiKeyHelper",
  stored: "key stored by `berth login`",
  "bedrock:AWS_BEARER_TOKEN_BEDROCK": "Bedrock API key (AWS_BEARER_TOKEN_BEDROCK)",
  "bedrock:aws-env-keys": "AWS keys from AWS_ACCESS_KEY_ID",
  "bedrock:awsCredentialExport": "AWS keys from awsCredentialExport",
  "bedrock:aws-chain": "AWS credential chain",
  "bedrock:skip-auth": "none (CLAUDE_CODE_SKIP_BEDROCK_AUTH)",
  "vertex:google": "Google Application Default Credentials",
  "vertex:skip-auth": "none (CLAUDE_CODE_SKIP_VERTEX_AUTH)",
};

export function makeLabel(source: CredentialSource, secret?: string, detail?: string): CredentialLabel {
  const id = secret ? credentialId(secret) : undefined;
  const parts = [DISPLAY[source], detail, id ? `(id ${id})` : undefined].filter(Boolean);
  return { source, ...(id ? { id } : {}), display: parts.join(" ") };
}

/**
 * Describes an Anthropic API credential. For a helper the id is that of the key it last
 * printed (absent before its first run), and the command is shown with key shapes redacted
 * in case someone inlined a key into it.
 */
export function describeCredential(credential: AnthropicCredential): CredentialLabel {
  if (credential.kind === "helper") {
    const command = redactSecrets(credential.helper.command);
    return makeLabel("apiKeyHelper", credential.helper.peek(), `\`${command}\``);
  }
  return makeLabel(credential.source, credential.value);
}
