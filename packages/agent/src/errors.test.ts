// The fatal channel: API failures end the turn with a stable code and a message saying what to do.
// The SDK does the retrying (maxRetries is 0 here so each test sees exactly one attempt).
import { apiError, text, turn } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { AgentErrorCodes, classifyError } from "./errors.js";
import { type Harness, startHarness, typesOf } from "./test-support.js";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("API errors end the turn with a stable code", () => {
  it.each([
    [401, "auth_failed", false, /ANTHROPIC_API_KEY.*apiKeyHelper/],
    [429, "rate_limited", true, /Rate limit reached.*retrying after 1s/],
    [529, "overloaded", true, /overloaded/i],
    [500, "api_error", true, /status 500/],
    [400, "invalid_request", false, /rejected the request/],
    [403, "forbidden", false, /not allowed/],
    [404, "model_not_found", false, /model name/],
  ])("HTTP %i -> %s", async (status, code, retryable, message) => {
    h = await startHarness();
    h.fake.enqueue(apiError(status));

    const outcome = await h.session.runTurn("hi", "t1");

    expect(outcome).toMatchObject({ status: "failed", stopReason: "error", error: { code, retryable } });
    expect(outcome.error?.message).toMatch(message);
    expect(h.fake.requests).toHaveLength(1);
    expect(typesOf(h.events)).toEqual(["user_message", "turn_started", "turn_failed"]);
    expect(h.of("turn_failed")[0]?.error).toEqual(outcome.error);
  });

  it("includes the API's own explanation and request id", async () => {
    h = await startHarness();
    h.fake.enqueue(
      apiError(400, "invalid_request_error", "prompt is too long: 250000 tokens > 200000 maximum"),
    );
    const outcome = await h.session.runTurn("hi", "t1");
    expect(outcome.error?.code).toBe("prompt_too_long");
    expect(outcome.error?.message).toMatch(/250000 tokens.*\(request req_/);
  });

  it("an error event in the middle of a stream fails the turn as overloaded", async () => {
    h = await startHarness();
    h.fake.enqueue({
      content: [{ type: "text", text: "Partial answer" }],
      streamError: { type: "overloaded_error", message: "Overloaded" },
    });
    const outcome = await h.session.runTurn("hi", "t1");
    expect(outcome.error?.code).toBe("overloaded");
    expect(h.of("assistant_text_delta").length).toBeGreaterThan(0);
    expect(h.of("assistant_message")).toHaveLength(0);
  });

  it("an unreachable API is a connection error", async () => {
    h = await startHarness({ client: { baseURL: "http://127.0.0.1:9" } });
    const outcome = await h.session.runTurn("hi", "t1");
    expect(outcome.error).toMatchObject({ code: "connection_error", retryable: true });
    expect(outcome.error?.message).toMatch(/ANTHROPIC_BASE_URL/);
  });

  it("no credentials at all is reported as such", async () => {
    h = await startHarness({ client: { apiKey: null, authToken: null } });
    const outcome = await h.session.runTurn("hi", "t1");
    expect(outcome.error?.code).toBe("no_credentials");
    expect(h.fake.requests).toHaveLength(0);
  });

  it("the session stays usable after a failed turn", async () => {
    h = await startHarness();
    h.fake.enqueue(apiError(529), turn(text("back")));
    expect((await h.session.runTurn("one", "t1")).status).toBe("failed");
    const outcome = await h.session.runTurn("two", "t2");
    expect(outcome).toMatchObject({ status: "completed", result: "back" });
  });

  it("an empty message fails without calling the model", async () => {
    h = await startHarness();
    const outcome = await h.session.runTurn("   ", "t1");
    expect(outcome.error?.code).toBe("invalid_request");
    expect(h.fake.requests).toHaveLength(0);
  });
});

describe("classifyError", () => {
  it("keeps the code of errors that already carry a known one", () => {
    const error = Object.assign(new Error("apiKeyHelper exited with status 1"), { code: "no_credentials" });
    expect(classifyError(error)).toEqual({
      code: "no_credentials",
      message: "apiKeyHelper exited with status 1",
      retryable: false,
    });
  });

  it("reports anything unrecognised as an internal error with its message", () => {
    expect(classifyError(new TypeError("x is not a function"))).toMatchObject({
      code: "internal_error",
      message: "Unexpected error: x is not a function",
    });
  });

  it("documents every code", () => {
    for (const [code, entry] of Object.entries(AgentErrorCodes)) {
      expect(entry.doc.length, code).toBeGreaterThan(10);
    }
  });
});
