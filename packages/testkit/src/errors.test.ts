// Error responses must surface through the real SDK as its typed errors, and its retry logic
// must behave against the fake as it would against the real API.
import Anthropic, { type APIError } from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { apiError, text, toolUse, turn } from "./builders.js";
import { type FakeAnthropic, type FakeAnthropicOptions, startFakeAnthropic } from "./server.js";

let fake: FakeAnthropic;
afterEach(async () => {
  await fake?.close();
});

async function start(
  options: FakeAnthropicOptions = {},
  clientOptions: { maxRetries?: number; apiKey?: string } = {},
) {
  fake = await startFakeAnthropic(options);
  return new Anthropic({ baseURL: fake.url, apiKey: "test-key", maxRetries: 0, ...clientOptions });
}

const params = {
  model: "claude-test",
  max_tokens: 100,
  messages: [{ role: "user" as const, content: "Hi" }],
};

async function failure(promise: Promise<unknown>): Promise<APIError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Anthropic.APIError);
  return error as APIError;
}

describe("scripted errors", () => {
  it.each([
    [401, Anthropic.AuthenticationError, "authentication_error"],
    [429, Anthropic.RateLimitError, "rate_limit_error"],
    [500, Anthropic.InternalServerError, "api_error"],
    [529, Anthropic.InternalServerError, "overloaded_error"],
  ] as const)("status %i surfaces as the SDK's typed error", async (status, ErrorClass, type) => {
    const client = await start({ script: [apiError(status), apiError(status)] });
    for (const request of [client.messages.create(params), client.messages.stream(params).finalMessage()]) {
      const error = await failure(request);
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error.status).toBe(status);
      expect(error.type).toBe(type);
      expect(error.requestID).toMatch(/^req_/);
    }
  });

  it("sends retry-after with a 429 and the body shape of the real API", async () => {
    fake = await startFakeAnthropic({ script: [apiError(429, "rate_limit_error", "slow down", 7)] });
    const response = await fetch(`${fake.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(params),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.headers.get("request-id")).toMatch(/^req_/);
    expect(await response.json()).toEqual({
      type: "error",
      error: { type: "rate_limit_error", message: "slow down" },
    });
  });

  it("lets the SDK retry 529 and 429 when retries are enabled", async () => {
    const client = await start(
      { script: [apiError(529), apiError(429, undefined, undefined, 0.01), turn(text("finally"))] },
      { maxRetries: 2 },
    );
    const message = await client.messages.create(params);
    expect(message.content).toEqual([{ type: "text", text: "finally" }]);
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests.map((r) => r.headers["x-stainless-retry-count"])).toEqual(["0", "1", "2"]);
  });
});

describe("authentication", () => {
  it("rejects a wrong key with 401 when expectApiKey is set", async () => {
    const client = await start(
      { expectApiKey: "right-key", script: [turn(text("ok"))] },
      { apiKey: "wrong-key" },
    );
    const error = await failure(client.messages.create(params));
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(fake.remaining).toBe(1);
  });

  it("accepts the key as x-api-key or as a bearer token", async () => {
    fake = await startFakeAnthropic({
      expectApiKey: "right-key",
      script: [turn(text("a")), turn(text("b"))],
    });
    const credentials: Record<string, string>[] = [
      { "x-api-key": "right-key" },
      { authorization: "Bearer right-key" },
    ];
    for (const headers of credentials) {
      const response = await fetch(`${fake.url}/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(params),
      });
      expect(response.status).toBe(200);
    }
  });
});

describe("request validation", () => {
  async function post(body: unknown, path = "/v1/messages") {
    const response = await fetch(`${fake.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as { error: { type: string; message: string } },
    };
  }

  it("answers 400 invalid_request_error for missing fields and bad JSON, without using a turn", async () => {
    fake = await startFakeAnthropic({ script: [turn(text("unused"))] });
    const cases: Array<[unknown, string]> = [
      [{ messages: params.messages, max_tokens: 5 }, "model: Field required"],
      [{ model: "m", max_tokens: 5 }, "messages: Field required"],
      [{ model: "m", messages: params.messages }, "max_tokens: Field required"],
      [{ ...params, messages: [] }, "messages: at least one message is required"],
      [
        { ...params, messages: [{ role: "system", content: "x" }] },
        "messages.0.role: Input should be 'user' or 'assistant'",
      ],
      ["{not json", "There was an error parsing the body as JSON"],
    ];
    for (const [body, message] of cases) {
      expect(await post(body)).toEqual({
        status: 400,
        body: { type: "error", error: { type: "invalid_request_error", message } },
      });
    }
    expect(fake.remaining).toBe(1);
  });

  it("rejects tool_use without a matching tool_result, like the real API", async () => {
    const client = await start({
      script: [turn(toolUse("Bash", { command: "ls" }, "toolu_x")), turn(text("ok"))],
    });
    const first = await client.messages.create(params);
    const error = await failure(
      client.messages.create({
        ...params,
        messages: [
          ...params.messages,
          { role: "assistant", content: first.content },
          { role: "user", content: "never mind" },
        ],
      }),
    );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.message).toContain(
      "`tool_use` ids were found without `tool_result` blocks immediately after: toolu_x",
    );

    const orphan = await failure(
      client.messages.create({
        ...params,
        messages: [
          { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_nope", content: "x" }] },
        ],
      }),
    );
    expect(orphan.message).toContain("unexpected `tool_use_id` found in `tool_result` blocks: toolu_nope");
  });

  it("answers 404 not_found_error for unknown paths", async () => {
    fake = await startFakeAnthropic();
    expect(await post(params, "/v1/complete")).toMatchObject({
      status: 404,
      body: { error: { type: "not_found_error" } },
    });
  });
});

describe("script exhaustion", () => {
  it("fails loudly with a 500 that the SDK does not retry", async () => {
    const client = await start({ script: [turn(text("only one"))] }, { maxRetries: 2 });
    await client.messages.create(params);
    const error = await failure(client.messages.create(params));
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(error.message).toContain("fake model: script exhausted after 1 turns");
    expect(fake.requests).toHaveLength(2);
  });
});
