// The Anthropic API path end to end: the real SDK against a real local HTTP server.
import { afterEach, describe, expect, it } from "vitest";
import { ApiKeyHelperRegistry } from "../credentials/helper-registry.js";
import { ProviderError } from "../errors.js";
import { type FakeApi, type Reply, startFakeApi, unauthorized } from "../testing/fake-api.js";
import { writeHelperScript } from "../testing/helper-script.js";
import { createModelClient } from "./model-client.js";

const params = {
  model: "claude-sonnet-4-5",
  max_tokens: 16,
  messages: [{ role: "user" as const, content: "hi" }],
};
const PATH = process.env.PATH;
let api: FakeApi | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function client(
  env: Record<string, string | undefined>,
  extra: { apiKeyHelper?: string; cwd?: string } = {},
) {
  return createModelClient({
    env,
    settings: { apiKeyHelper: extra.apiKeyHelper },
    helperRegistry: new ApiKeyHelperRegistry(),
    cwd: extra.cwd ?? process.cwd(),
    maxRetries: 0,
    sessionId: "sess-1",
  });
}

/** Accepts only requests carrying `goodKey` in x-api-key. */
function acceptOnly(goodKey: string, ok: Reply = "message") {
  return (request: { headers: Record<string, unknown> }): Reply =>
    request.headers["x-api-key"] === goodKey ? ok : unauthorized;
}

describe("createModelClient (Anthropic API)", () => {
  it("sends ANTHROPIC_API_KEY as x-api-key only, to ANTHROPIC_BASE_URL, with custom headers", async () => {
    api = await startFakeApi();
    const model = await client({
      ANTHROPIC_API_KEY: "sk-ant-test-key",
      ANTHROPIC_BASE_URL: `${api.url}/gateway`,
      ANTHROPIC_CUSTOM_HEADERS: "X-Team: platform\nX-Cost-Center: 42\nnot a header",
    });
    const message = await model.messagesCreate(params);
    expect(message.content[0]).toMatchObject({ type: "text", text: "hello" });
    const [seen] = api.requests;
    expect(seen?.path).toBe("/gateway/v1/messages");
    expect(seen?.headers["x-api-key"]).toBe("sk-ant-test-key");
    expect(seen?.headers.authorization).toBeUndefined();
    expect(seen?.headers["x-team"]).toBe("platform");
    expect(seen?.headers["x-cost-center"]).toBe("42");
    expect(seen?.headers["x-claude-code-session-id"]).toBe("sess-1");
    expect(seen?.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(model.describeCredential().source).toBe("env:ANTHROPIC_API_KEY");
  });

  it("sends ANTHROPIC_AUTH_TOKEN as Authorization: Bearer only", async () => {
    api = await startFakeApi();
    const model = await client({ ANTHROPIC_AUTH_TOKEN: "gateway-token", ANTHROPIC_BASE_URL: api.url });
    await model.messagesCreate(params);
    expect(api.requests[0]?.headers.authorization).toBe("Bearer gateway-token");
    expect(api.requests[0]?.headers["x-api-key"]).toBeUndefined();
  });

  it("uses the session's environment, not the daemon's", async () => {
    api = await startFakeApi();
    process.env.ANTHROPIC_API_KEY = "sk-ant-daemon";
    process.env.ANTHROPIC_BASE_URL = "http://127.0.0.1:9";
    try {
      const model = await client({ ANTHROPIC_API_KEY: "sk-ant-session", ANTHROPIC_BASE_URL: api.url });
      await model.messagesCreate(params);
      expect(api.requests[0]?.headers["x-api-key"]).toBe("sk-ant-session");
      expect(api.requests[0]?.headers.authorization).toBeUndefined();
    } finally {
      delete process.env.ANTHROPIC_API_KEY;
      delete process.env.ANTHROPIC_BASE_URL;
    }
  });

  it("sends the apiKeyHelper value as both x-api-key and Bearer", async () => {
    api = await startFakeApi();
    const script = writeHelperScript();
    const model = await client(
      { PATH, ANTHROPIC_BASE_URL: api.url },
      { apiKeyHelper: script.command, cwd: script.dir },
    );
    await model.messagesCreate(params);
    expect(api.requests[0]?.headers["x-api-key"]).toBe("key-1");
    expect(api.requests[0]?.headers.authorization).toBe("Bearer key-1");
    expect(model.knownSecrets()).toEqual(["key-1"]);
  });

  it("on a 401 re-runs the helper and retries once (create)", async () => {
    api = await startFakeApi(acceptOnly("key-2"));
    const script = writeHelperScript();
    const model = await client(
      { PATH, ANTHROPIC_BASE_URL: api.url },
      { apiKeyHelper: script.command, cwd: script.dir },
    );
    const message = await model.messagesCreate(params);
    expect(message.id).toBe("msg_test");
    expect(api.requests.map((r) => r.headers["x-api-key"])).toEqual(["key-1", "key-2"]);
    expect(script.runs()).toBe(2);
  });

  it("on a 401 re-runs the helper and retries once (stream)", async () => {
    api = await startFakeApi(acceptOnly("key-2", "stream"));
    const script = writeHelperScript();
    const model = await client(
      { PATH, ANTHROPIC_BASE_URL: api.url },
      { apiKeyHelper: script.command, cwd: script.dir },
    );
    const stream = model.messagesStream(params);
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types[0]).toBe("message_start");
    expect(types.at(-1)).toBe("message_stop");
    expect((await stream.finalMessage()).content[0]).toMatchObject({ text: "hello" });
    expect(api.requests.map((r) => r.headers.authorization)).toEqual(["Bearer key-1", "Bearer key-2"]);
  });

  it("a second 401 surfaces as a clear auth error without secrets", async () => {
    api = await startFakeApi(() => unauthorized);
    const script = writeHelperScript();
    const model = await client(
      { PATH, ANTHROPIC_BASE_URL: api.url },
      { apiKeyHelper: script.command, cwd: script.dir },
    );
    const error = await model.messagesCreate(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: "PROVIDER_AUTH_FAILED", status: 401, retryable: false });
    const message = (error as Error).message;
    expect(message).toContain("apiKeyHelper");
    expect(message).toContain("retried once");
    expect(message).not.toMatch(/key-1|key-2/);
    expect(api.requests).toHaveLength(2);
    expect(script.runs()).toBe(2);

    const streamError = await model
      .messagesStream(params)
      .finalMessage()
      .catch((e: unknown) => e);
    expect(streamError).toMatchObject({ code: "PROVIDER_AUTH_FAILED" });
  });

  it("does not retry a 401 for a static key", async () => {
    api = await startFakeApi(() => unauthorized);
    const model = await client({ ANTHROPIC_API_KEY: "sk-ant-revoked-key", ANTHROPIC_BASE_URL: api.url });
    const error = await model.messagesCreate(params).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PROVIDER_AUTH_FAILED" });
    expect((error as Error).message).toContain("ANTHROPIC_API_KEY");
    expect((error as Error).message).not.toContain("revoked-key");
    expect(api.requests).toHaveLength(1);
  });

  it("maps other statuses to typed errors and redacts echoed secrets", async () => {
    api = await startFakeApi(() => ({
      status: 400,
      json: {
        type: "error",
        error: {
          type: "invalid_request_error",
          message: "bad model; your key sk-ant-echoed-back-123 is fine",
        },
      },
    }));
    const model = await client({ ANTHROPIC_API_KEY: "sk-ant-echoed-back-123", ANTHROPIC_BASE_URL: api.url });
    const error = (await model.messagesCreate(params).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: "PROVIDER_REQUEST_INVALID", status: 400 });
    expect(error.message).toContain("bad model");
    expect(error.message).not.toContain("echoed-back");
  });

  it("leaves 529 retries to the SDK", async () => {
    api = await startFakeApi((_r, index) =>
      index === 0
        ? {
            status: 529,
            json: { type: "error", error: { type: "overloaded_error", message: "busy" } },
            headers: { "x-should-retry": "true", "retry-after-ms": "10" },
          }
        : "message",
    );
    const model = await createModelClient({
      env: { ANTHROPIC_API_KEY: "sk-ant-k", ANTHROPIC_BASE_URL: api.url },
      helperRegistry: new ApiKeyHelperRegistry(),
      cwd: process.cwd(),
      maxRetries: 1,
    });
    await model.messagesCreate(params);
    expect(api.requests).toHaveLength(2);
  });

  it("rejects a malformed base URL without echoing it", async () => {
    await expect(
      client({ ANTHROPIC_API_KEY: "k", ANTHROPIC_BASE_URL: "not a url with secret-pass" }),
    ).rejects.toMatchObject({
      code: "PROVIDER_CONFIG_INVALID",
      message: expect.not.stringContaining("secret-pass"),
    });
  });
});
