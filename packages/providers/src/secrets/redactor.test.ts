import { describe, expect, it } from "vitest";
import { MIN_REDACTED_SECRET_LENGTH, SecretRedactor, secretMarker } from "./redactor.js";
import { modelCredentialVars, secretsInEnv } from "./secret-names.js";
import { sessionSecretSource } from "./session-secrets.js";

const KEY = "sk-ant-api03-DISTINCTIVE-9f8e7d";

describe("SecretRedactor", () => {
  it("replaces every held value with a marker naming its variable", () => {
    const r = new SecretRedactor();
    r.add("ANTHROPIC_API_KEY", KEY);
    const out = r.redact(`key=${KEY}\nagain ${KEY}`);
    expect(out.text).toBe(
      `key=${secretMarker("ANTHROPIC_API_KEY")}\nagain ${secretMarker("ANTHROPIC_API_KEY")}`,
    );
    expect(out.names).toEqual(["ANTHROPIC_API_KEY"]);
  });

  it("ignores values shorter than the threshold, so trivial values cause no absurd masking", () => {
    const r = new SecretRedactor();
    r.add("SHORT_TOKEN", "x".repeat(MIN_REDACTED_SECRET_LENGTH - 1));
    r.add("FLAG_TOKEN", "true");
    expect(r.redact("true xxxxxxx").text).toBe("true xxxxxxx");
  });

  it("masks a secret that contains another one whole", () => {
    const r = new SecretRedactor();
    r.add("INNER_TOKEN", "abcdefgh12");
    r.add("OUTER_TOKEN", "zz-abcdefgh12-zz");
    expect(r.redact("zz-abcdefgh12-zz").text).toBe(secretMarker("OUTER_TOKEN"));
  });

  it("polls its sources, so a rotated helper key is masked, and remembers the old one", () => {
    const r = new SecretRedactor();
    let current = "helper-key-one-111";
    r.addSource(() => [{ name: "apiKeyHelper output", value: current }]);
    expect(r.redact(current).names).toEqual(["apiKeyHelper output"]);
    current = "helper-key-two-222";
    expect(r.redact("helper-key-one-111 helper-key-two-222").text).toBe(
      `${secretMarker("apiKeyHelper output")} ${secretMarker("apiKeyHelper output")}`,
    );
  });

  it("masks a secret split across stream chunks without delaying unrelated output", () => {
    const r = new SecretRedactor();
    r.add("ANTHROPIC_API_KEY", KEY);
    const s = r.stream();
    const parts = [s.push("hello "), s.push(KEY.slice(0, 10)), s.push(`${KEY.slice(10)} bye`), s.flush()];
    const text = parts.map((p) => p.text).join("");
    expect(text).toBe(`hello ${secretMarker("ANTHROPIC_API_KEY")} bye`);
    expect(parts[0]?.text).toBe("hello ");
    expect(parts.flatMap((p) => p.names)).toContain("ANTHROPIC_API_KEY");
  });

  it("redacts strings deep inside display data", () => {
    const r = new SecretRedactor();
    r.add("GITHUB_TOKEN", "ghp_1234567890abcdef");
    const { value, names } = r.redactDeep({ diff: ["+ token ghp_1234567890abcdef"], exitCode: 0 });
    expect(value).toEqual({ diff: [`+ token ${secretMarker("GITHUB_TOKEN")}`], exitCode: 0 });
    expect(names).toEqual(["GITHUB_TOKEN"]);
  });
});

describe("secret names", () => {
  it("finds secret-named variables and custom header values, not paths or switches", () => {
    const found = secretsInEnv({
      ANTHROPIC_API_KEY: KEY,
      GITHUB_TOKEN: "ghp_abcdefgh",
      DB_PASSWORD: "hunter2hunter2",
      ANTHROPIC_CUSTOM_HEADERS: "X-Gateway-Key: gw-secret-123456",
      CLAUDE_CODE_CLIENT_KEY: "/home/me/key.pem",
      GOOGLE_APPLICATION_CREDENTIALS: "/home/me/sa.json",
      CLAUDE_CODE_USE_BEDROCK: "1",
    });
    expect(found.map((f) => f.name).sort()).toEqual([
      "ANTHROPIC_API_KEY",
      "ANTHROPIC_CUSTOM_HEADERS (X-Gateway-Key)",
      "DB_PASSWORD",
      "GITHUB_TOKEN",
    ]);
  });

  it("finds OTLP exporter header values, decoded too", () => {
    const found = secretsInEnv({ OTEL_EXPORTER_OTLP_HEADERS: "x-honeycomb-team=abc%2Fdefgh123,env=prod" });
    expect(found).toContainEqual({
      name: "OTEL_EXPORTER_OTLP_HEADERS (x-honeycomb-team)",
      value: "abc/defgh123",
    });
    expect(found).toContainEqual({ name: "OTEL_EXPORTER_OTLP_HEADERS (env)", value: "prod" });
  });

  it("counts the AWS keys as model credentials only under Bedrock", () => {
    const env = { AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t", ANTHROPIC_API_KEY: "k" };
    expect(modelCredentialVars(env)).toEqual(["ANTHROPIC_API_KEY"]);
    expect(modelCredentialVars({ ...env, CLAUDE_CODE_USE_BEDROCK: "1" }).sort()).toEqual([
      "ANTHROPIC_API_KEY",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
    ]);
  });

  it("names a model client's helper output by its source", () => {
    const source = sessionSecretSource(
      { ANTHROPIC_API_KEY: KEY },
      {
        knownSecrets: () => ["rotated-helper-value"],
        describeCredential: () => ({ source: "apiKeyHelper", display: "apiKeyHelper" }),
      },
    );
    expect([...source()]).toEqual([
      { name: "ANTHROPIC_API_KEY", value: KEY },
      { name: "apiKeyHelper output", value: "rotated-helper-value" },
    ]);
  });
});
