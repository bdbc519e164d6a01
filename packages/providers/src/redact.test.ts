import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "./redact.js";

describe("redactSecrets", () => {
  it("removes known secrets wherever they appear, longest first", () => {
    expect(redactSecrets("key=abcdef123 and abcdef12345", ["abcdef123", "abcdef12345"])).toBe(
      `key=${REDACTED} and ${REDACTED}`,
    );
  });

  it("ignores empty and very short known values", () => {
    expect(redactSecrets("a b c", ["", "a", undefined, null])).toBe("a b c");
  });

  it("catches common key shapes nobody registered", () => {
    const text = [
      "anthropic sk-ant-api03-AbCdEf_123-xyz",
      "aws AKIAIOSFODNN7EXAMPLE",
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      '"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
      "Authorization: Bearer eyJhbGciOi.payload.sig",
      "x-api-key: plain-gateway-key",
      "google ya29.a0AfH6SMBx-token",
      "gh ghp_abcdefghijklmnopqrstuvwxyz0123",
      "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
    ].join("\n");
    const out = redactSecrets(text);
    for (const secret of [
      "AbCdEf_123",
      "AKIAIOSFODNN7EXAMPLE",
      "wJalrXUtnFEMI",
      "eyJhbGciOi",
      "plain-gateway-key",
      "ya29.a0",
      "ghp_abc",
      "MIIE",
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain("Authorization: Bearer [REDACTED]");
    expect(out).toContain("x-api-key: [REDACTED]");
    expect(out).toContain("aws_secret_access_key = [REDACTED]");
  });

  it("leaves ordinary text alone", () => {
    const text = "Bearer of bad news: the sk-ant prefix is documented; ask-ant-lers.";
    expect(redactSecrets(text)).toBe(text);
  });
});
