// The one place bug reports and telemetry scrub secrets: the daemon-wide registry of held
// secrets, then the providers' redaction (known values plus key-shaped patterns).
import { redactSecrets } from "@berth/providers";
import { daemonSecrets } from "../secrets/daemon-secrets";

export interface Redactor {
  redact(text: string): string;
  /** Adds values (a collector's headers, a session's keys) that must never leave the daemon. */
  register(...values: Array<string | undefined>): void;
}

/** Variables whose values are credentials wherever they appear. */
const SECRET_VARIABLES = [
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_AUTH_TOKEN",
  "AWS_BEARER_TOKEN_BEDROCK",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "CLAUDE_CODE_CLIENT_KEY_PASSPHRASE",
];

export function secretsOfEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (!value) continue;
    if (
      SECRET_VARIABLES.includes(key) ||
      /(_TOKEN|_KEY|_SECRET|_PASSWORD)$/.test(key) ||
      /^OTEL_EXPORTER_OTLP_.*HEADERS$/.test(key)
    ) {
      out.push(value);
    }
  }
  return out;
}

export function createRedactor(initial: Array<string | undefined> = []): Redactor {
  const known = new Set<string>();
  const register = (...values: Array<string | undefined>) => {
    for (const v of values) if (v) known.add(v);
  };
  register(...initial);
  // Everything the daemon holds (secrets/daemon-secrets.ts) first, named, then these values.
  return { register, redact: (text) => redactSecrets(daemonSecrets.redact(text).text, [...known]) };
}
