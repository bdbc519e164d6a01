// Which environment variables hold secrets. Two uses: the model credentials are kept out of
// tool environments, and every secret-named value the daemon holds is masked in tool output.
import { parseCustomHeaders } from "../network/custom-headers.js";
import type { NamedSecret } from "./redactor.js";

/** Berth's own model credentials: for the model client only, never for tools. */
export const MODEL_CREDENTIAL_VARS: readonly string[] = [
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_AUTH_TOKEN",
  "ANTHROPIC_CUSTOM_HEADERS",
  "AWS_BEARER_TOKEN_BEDROCK",
  "CLAUDE_CODE_CLIENT_KEY_PASSPHRASE",
];

/** Under Bedrock the AWS keys are the model credential too. */
const BEDROCK_CREDENTIAL_VARS: readonly string[] = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

// Names that say "secret value" (not "path to a secret": *_FILE, *_CREDENTIALS, CLIENT_KEY).
const SECRET_NAME =
  /(?:^|_)(?:API_?KEY|TOKEN|SECRET|SECRET_KEY|SECRET_ACCESS_KEY|PASSWORD|PASSWD|PASSPHRASE)$/i;

/** OTLP exporter headers (`k=v,k2=v2`) usually carry the collector's API key. */
const OTEL_HEADERS = /^OTEL_EXPORTER_OTLP_(?:[A-Z]+_)?HEADERS$/;

export function isSecretVariableName(name: string): boolean {
  return MODEL_CREDENTIAL_VARS.includes(name) || SECRET_NAME.test(name) || OTEL_HEADERS.test(name);
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && !["", "0", "false", "no", "off"].includes(value.trim().toLowerCase());
}

/** The model credentials present in a session environment (names only). */
export function modelCredentialVars(env: Record<string, string | undefined>): string[] {
  const names = [...MODEL_CREDENTIAL_VARS];
  if (truthy(env.CLAUDE_CODE_USE_BEDROCK)) names.push(...BEDROCK_CREDENTIAL_VARS);
  return names.filter((name) => env[name] !== undefined);
}

/** Every secret value a session environment holds, named by its variable. */
export function secretsInEnv(env: Record<string, string | undefined>): NamedSecret[] {
  const out: NamedSecret[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !isSecretVariableName(name)) continue;
    if (OTEL_HEADERS.test(name)) {
      for (const pair of value.split(",")) {
        const eq = pair.indexOf("=");
        if (eq <= 0) continue;
        const header = pair.slice(0, eq).trim();
        const raw = pair.slice(eq + 1).trim();
        // Percent-encoded on the wire of the variable, sent decoded: both spellings are secret.
        out.push({ name: `${name} (${header})`, value: raw });
        try {
          out.push({ name: `${name} (${header})`, value: decodeURIComponent(raw) });
        } catch {
          // not valid percent-encoding: the raw value is what is sent
        }
      }
      continue;
    }
    if (name === "ANTHROPIC_CUSTOM_HEADERS") {
      // Gateways authenticate with these; each header value is a secret of its own.
      for (const [header, headerValue] of Object.entries(parseCustomHeaders(value)))
        out.push({ name: `ANTHROPIC_CUSTOM_HEADERS (${header})`, value: headerValue });
      continue;
    }
    out.push({ name, value });
  }
  return out;
}
