import { describe, expect, it } from "vitest";
import { NoCredentialsError } from "../errors.js";
import { writeHelperScript } from "../testing/helper-script.js";
import { authHeadersFor, resolveAnthropicCredential } from "./anthropic-credential.js";
import { ApiKeyHelperRegistry } from "./helper-registry.js";
import { credentialId, describeCredential } from "./label.js";

const script = writeHelperScript();
const base = {
  cwd: script.dir,
  helperRegistry: new ApiKeyHelperRegistry(),
  apiKeyHelper: script.command,
  storedKey: () => "stored-key-123",
};

describe("resolveAnthropicCredential precedence (reference §3.1)", () => {
  it("ANTHROPIC_AUTH_TOKEN beats everything and is a Bearer token", async () => {
    const c = await resolveAnthropicCredential({
      ...base,
      env: { ANTHROPIC_AUTH_TOKEN: "tok-1234567", ANTHROPIC_API_KEY: "sk-ant-x" },
    });
    expect(c.source).toBe("env:ANTHROPIC_AUTH_TOKEN");
    expect(authHeadersFor(c, "tok-1234567")).toEqual({ authorization: "Bearer tok-1234567" });
  });

  it("ANTHROPIC_API_KEY beats apiKeyHelper and the stored key, sent as x-api-key", async () => {
    const c = await resolveAnthropicCredential({ ...base, env: { ANTHROPIC_API_KEY: "sk-ant-key" } });
    expect(c.source).toBe("env:ANTHROPIC_API_KEY");
    expect(authHeadersFor(c, "sk-ant-key")).toEqual({ "x-api-key": "sk-ant-key" });
  });

  it("apiKeyHelper beats the stored key and is sent both ways", async () => {
    const c = await resolveAnthropicCredential({ ...base, env: {} });
    expect(c.source).toBe("apiKeyHelper");
    expect(authHeadersFor(c, "k")).toEqual({ "x-api-key": "k", authorization: "Bearer k" });
    expect(script.runs()).toBe(0); // resolving does not run the helper; the first request does
  });

  it("falls back to the stored key (berth login)", async () => {
    const c = await resolveAnthropicCredential({
      ...base,
      apiKeyHelper: undefined,
      env: {},
      storedKey: async () => " stored ",
    });
    expect(c).toMatchObject({ source: "stored", scheme: "x-api-key", value: "stored" });
  });

  it("treats blank variables as unset", async () => {
    const c = await resolveAnthropicCredential({
      ...base,
      env: { ANTHROPIC_AUTH_TOKEN: "  ", ANTHROPIC_API_KEY: "" },
    });
    expect(c.source).toBe("apiKeyHelper");
  });

  it("never looks at the daemon's own process.env", async () => {
    process.env.ANTHROPIC_API_KEY = "sk-ant-daemon-key";
    try {
      await expect(
        resolveAnthropicCredential({ ...base, apiKeyHelper: undefined, storedKey: undefined, env: {} }),
      ).rejects.toBeInstanceOf(NoCredentialsError);
    } finally {
      delete process.env.ANTHROPIC_API_KEY;
    }
  });

  it("explains every way to provide credentials when there are none", async () => {
    const error = (await resolveAnthropicCredential({
      ...base,
      apiKeyHelper: undefined,
      storedKey: undefined,
      env: {},
    }).catch((e: unknown) => e)) as NoCredentialsError;
    expect(error.code).toBe("PROVIDER_NO_CREDENTIALS");
    expect(error.retryable).toBe(false);
    for (const hint of [
      "ANTHROPIC_API_KEY",
      "berth login",
      "apiKeyHelper",
      "CLAUDE_CODE_USE_BEDROCK",
      "CLAUDE_CODE_USE_VERTEX",
      "pnpm demo",
    ]) {
      expect(error.message).toContain(hint);
    }
  });
});

describe("describeCredential", () => {
  it("labels without the secret, with a short sha256 id", async () => {
    const c = await resolveAnthropicCredential({
      ...base,
      env: { ANTHROPIC_API_KEY: "sk-ant-api03-verysecret" },
    });
    const label = describeCredential(c);
    expect(label.source).toBe("env:ANTHROPIC_API_KEY");
    expect(label.id).toBe(credentialId("sk-ant-api03-verysecret"));
    expect(label.id).toMatch(/^[0-9a-f]{8}$/);
    expect(label.display).toContain("ANTHROPIC_API_KEY");
    expect(JSON.stringify(label)).not.toContain("verysecret");
  });

  it("gives a helper's id once it has produced a key, and redacts keys inlined in the command", async () => {
    const registry = new ApiKeyHelperRegistry();
    const c = await resolveAnthropicCredential({
      ...base,
      helperRegistry: registry,
      env: { PATH: process.env.PATH },
    });
    expect(describeCredential(c).id).toBeUndefined();
    if (c.kind === "helper") await c.helper.get();
    expect(describeCredential(c).id).toBe(credentialId("key-1"));

    const inline = await resolveAnthropicCredential({
      ...base,
      helperRegistry: registry,
      apiKeyHelper: "echo sk-ant-api03-inlinedsecret",
      env: {},
    });
    expect(describeCredential(inline).display).not.toContain("inlinedsecret");
  });
});
