// The loop behind @berth/providers' model client: the daemon's real wiring. Provider errors keep
// their user-facing message and get the agent's stable code; providers' costUsd prices usage.
import { apiError, makeTempDir, startFakeAnthropic, text, turn } from "@berth/testkit";
import {
  ApiKeyHelperRegistry,
  costUsd,
  createModelClient,
  ModelApiError,
  NoCredentialsError,
} from "@berth/providers";
import type { SessionEvent } from "@berth/protocol";
import { describe, expect, it } from "vitest";
import { classifyError } from "./errors.js";
import { AgentSession } from "./loop.js";
import { messagesClientFrom } from "./provider-client.js";
import { allowAll } from "./test-support.js";

async function withProviderSession(
  run: (session: AgentSession, events: SessionEvent[]) => Promise<void>,
  script: Parameters<typeof startFakeAnthropic>[0] = {},
) {
  const fake = await startFakeAnthropic(script);
  const dir = makeTempDir("berth-agent-provider-");
  const client = await createModelClient({
    env: { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: fake.url },
    helperRegistry: new ApiKeyHelperRegistry(),
    cwd: dir.path,
    maxRetries: 0,
  });
  const events: SessionEvent[] = [];
  const session = new AgentSession({
    sessionId: "ses_p",
    cwd: dir.path,
    model: "claude-sonnet-4-5",
    messages: messagesClientFrom(client),
    tools: [],
    toolContext: {
      sessionId: "ses_p",
      cwd: dir.path,
      todos: { get: () => [], set: () => {} },
      shell: () => {
        throw new Error("no shell");
      },
    },
    gate: allowAll,
    emit: (event) => events.push(event),
    cost: costUsd,
  });
  try {
    await run(session, events);
  } finally {
    await client.close();
    await fake.close();
    dir.cleanup();
  }
}

describe("behind @berth/providers", () => {
  it("runs a turn and prices it with the providers' price table", async () => {
    await withProviderSession(
      async (session, events) => {
        const outcome = await session.runTurn("hi", "t1");
        expect(outcome).toMatchObject({ status: "completed", result: "hello" });
        const usage = events.find((e) => e.type === "usage");
        expect(usage).toMatchObject({ priced: true });
        expect(outcome.costUsd).toBeGreaterThan(0);
      },
      { script: [turn(text("hello"))] },
    );
  });

  it("a 401 keeps the provider's explanation and becomes auth_failed", async () => {
    await withProviderSession(
      async (session) => {
        const outcome = await session.runTurn("hi", "t1");
        expect(outcome.error).toMatchObject({ code: "auth_failed", retryable: false });
        expect(outcome.error?.message).toMatch(/ANTHROPIC_API_KEY/);
      },
      { script: [apiError(401)] },
    );
  });

  it("maps provider error codes, refined by status", () => {
    expect(classifyError(new NoCredentialsError()).code).toBe("no_credentials");
    expect(classifyError(new ModelApiError("PROVIDER_OVERLOADED", "busy", { status: 529 })).code).toBe(
      "overloaded",
    );
    expect(classifyError(new ModelApiError("PROVIDER_OVERLOADED", "broken", { status: 500 })).code).toBe(
      "api_error",
    );
    expect(
      classifyError(new ModelApiError("PROVIDER_REQUEST_INVALID", "no such model", { status: 404 })).code,
    ).toBe("model_not_found");
    expect(classifyError(new ModelApiError("PROVIDER_RATE_LIMITED", "slow down", { status: 429 }))).toEqual({
      code: "rate_limited",
      message: "slow down",
      retryable: true,
    });
  });
});
