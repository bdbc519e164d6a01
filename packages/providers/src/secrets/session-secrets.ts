// The secret source for one session: every secret-named variable of its environment plus
// whatever its model client holds right now (a helper's latest output, exported AWS keys, the
// `berth login` key), each named by where it came from.
import type { ModelClient } from "../client/model-client.js";
import type { NamedSecret, SecretSource } from "./redactor.js";
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
  return () => {
    if (!client) return fromEnv;
    const source = client.describeCredential().source;
    const held: NamedSecret[] = client.knownSecrets().map((value) => ({
      name: fromEnv.find((s) => s.value === value)?.name ?? SOURCE_NAMES[source] ?? source,
      value,
    }));
    return [...fromEnv, ...held];
  };
}
