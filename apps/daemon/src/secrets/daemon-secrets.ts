// The daemon's one registry of secret values: every session registers its environment's
// secrets and its model client's credentials here; tool dispatch, session events and the log
// mask them. Other parts register theirs the same way (OTel headers, MCP server headers:
// `daemonSecrets.addSource(...)` or `daemonSecrets.add(name, value)`). Memory only.
import type { SessionEvent } from "@berth/protocol";
import { type ModelClient, SecretRedactor, sessionSecretSource } from "@berth/providers";

export const daemonSecrets = new SecretRedactor();

export interface SessionSecrets {
  /** Adds what the model client holds (helper output, after each rotation too). */
  attach(client: Pick<ModelClient, "knownSecrets" | "describeCredential">): void;
  release(): void;
}

/** Registers a session's secrets; call before building the model client, so its errors are masked. */
export function trackSessionSecrets(env: Record<string, string | undefined>): SessionSecrets {
  let remove = daemonSecrets.addSource(sessionSecretSource(env));
  return {
    attach(client) {
      remove();
      remove = daemonSecrets.addSource(sessionSecretSource(env, client));
    },
    release: () => remove(),
  };
}

/**
 * A session event with every held secret masked, and a warning event when one was found.
 * Tool output is masked earlier, at dispatch; this catches error messages and notices.
 */
export function redactEvent(event: SessionEvent): SessionEvent[] {
  const { value, names } = daemonSecrets.redactDeep(event);
  if (names.length === 0) return [event];
  return [
    value,
    {
      type: "notice",
      level: "warning",
      message: `A session message contained the value of ${names.join(", ")}; it was masked.`,
    },
  ];
}

/** An error about to reach a client, with held secrets masked in its message. */
export function redactError<E extends Error>(error: E): E {
  const { text, names } = daemonSecrets.redact(error.message);
  if (names.length > 0) error.message = text;
  return error;
}
