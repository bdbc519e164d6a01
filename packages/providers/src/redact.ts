// Secret redaction for logs, error messages and bug reports. Two layers: the exact values the
// caller knows are secret (the session's key, a helper's last output), and patterns for common
// key shapes, which catch secrets nobody registered (a key pasted into a prompt, a token in a
// server's error body).

export const REDACTED = "[REDACTED]";

export interface SecretPattern {
  name: string;
  /** Global regex. When it has a group named `keep`, that part stays and the rest is replaced. */
  regex: RegExp;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { name: "anthropic-key", regex: /sk-ant-[A-Za-z0-9_-]{8,}/g },
  {
    name: "private-key-block",
    regex: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  },
  { name: "aws-access-key-id", regex: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g },
  {
    // Secret access keys and session tokens have no recognisable shape, only a recognisable name.
    name: "aws-secret-by-name",
    regex:
      /(?<keep>(?:aws_secret_access_key|aws_session_token|secretaccesskey|sessiontoken)["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{16,}/gi,
  },
  // Bedrock API keys (AWS_BEARER_TOKEN_BEDROCK) are base64 strings starting with "ABSK".
  { name: "bedrock-api-key", regex: /\bABSK[A-Za-z0-9+/=]{16,}/g },
  { name: "google-access-token", regex: /\bya29\.[A-Za-z0-9._-]{10,}/g },
  { name: "github-token", regex: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g },
  { name: "bearer-token", regex: /(?<keep>\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi },
  { name: "api-key-header", regex: /(?<keep>\bx-api-key["']?\s*[:=]\s*["']?)[^\s"',;]{4,}/gi },
];

// Shorter "secrets" would match ordinary text everywhere; such a value is not a credential.
const MIN_KNOWN_SECRET_LENGTH = 6;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Replaces every occurrence of the known secrets, then every pattern match, with [REDACTED].
 * Known secrets go first and longest first, so a key that contains another key is removed whole.
 */
export function redactSecrets(
  text: string,
  knownSecrets: readonly (string | undefined | null)[] = [],
): string {
  let out = text;
  const secrets = [...new Set(knownSecrets)]
    .filter((s): s is string => typeof s === "string" && s.trim().length >= MIN_KNOWN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  for (const secret of secrets) {
    out = out.replace(new RegExp(escapeRegExp(secret), "g"), REDACTED);
    const trimmed = secret.trim();
    if (trimmed !== secret) out = out.replace(new RegExp(escapeRegExp(trimmed), "g"), REDACTED);
  }
  for (const { regex } of SECRET_PATTERNS) {
    out = out.replace(regex, (...args: unknown[]) => {
      const groups = args[args.length - 1] as { keep?: string } | undefined;
      return typeof groups === "object" && groups?.keep !== undefined
        ? `${groups.keep}${REDACTED}`
        : REDACTED;
    });
  }
  return out;
}
