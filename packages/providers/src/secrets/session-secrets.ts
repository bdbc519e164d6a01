// The secret source for one session: every secret-named variable of its environment plus
// whatever its model client holds right now (a helper's latest output, exported AWS keys, the
// `berth login` key), each named by where it came from.
import type { ModelClient } from "../client/model-client.js";
import type { SecretSource } from "./redactor.js";
import { secretsInEnv } from "./secret-names.js";

const SOURCE_NAMES: Record<string, string> = {
  apiKeyHelper: "apiKeyHelper output",
  stored: "berth login key",
  "bedrock:awsCredentialExport": "awsCredentialExport output",
};

export function sessionSecretSource(
  env: Record<string, string | undefined>,
  client?: Pick<ModelClient, "knownSecrets" | "describeCredential">,
): SecretSource {
  const fromEnv = secretsInEnv(env);
  // Polled for every event a session emits: the credential's source is looked up once.
  let sourceName: string | undefined;
  return () => {
    const held = client?.knownSecrets() ?? [];
    if (!client || held.length === 0) return fromEnv;
    const named = (value: string) => {
      const fromVariable = fromEnv.find((s) => s.value === value)?.name;
      if (fromVariable) return fromVariable;
      const source = client.describeCredential().source;
      sourceName ??= SOURCE_NAMES[source] ?? source;
      return sourceName;
    };
    return [...fromEnv, ...held.map((value) => ({ name: named(value), value }))];
  };
}
