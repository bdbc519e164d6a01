// A client that walks away mid-stream (the user pressed Esc) must not crash the fake, leave it
// writing to a dead socket, or keep timers alive.
import Anthropic from "@anthropic-ai/sdk";
import { afterEach, expect, it } from "vitest";
import { text, turn } from "./builders.js";
import { type FakeAnthropic, startFakeAnthropic } from "./server.js";
import { waitFor } from "./wait-for.js";

let fake: FakeAnthropic;
afterEach(async () => {
  await fake?.close();
});

const params = {
  model: "claude-test",
  max_tokens: 100,
  messages: [{ role: "user" as const, content: "Hi" }],
};
const longText = "word ".repeat(200);

it("survives a client abort mid-stream and keeps serving", async () => {
  // A long per-chunk delay, so a delay that was not cancelled would still be pending when checked.
  fake = await startFakeAnthropic({
    script: [turn(text(longText)), turn(text("still here"))],
    latencyMs: 2000,
  });
  const client = new Anthropic({ baseURL: fake.url, apiKey: "k", maxRetries: 0 });

  const stream = client.messages.stream(params);
  stream.on("streamEvent", (event) => {
    if (event.type === "message_start") stream.abort();
  });
  await expect(stream.finalMessage()).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);

  // inFlight counts until the handler returns: if the 2 s delay were not cancelled, this would time out.
  await waitFor(() => fake.inFlight === 0, {
    description: "the aborted stream's delay to be cancelled",
    timeoutMs: 500,
  });

  // Non-streaming, so the per-chunk latency does not slow the check down.
  const message = await client.messages.create(params);
  expect(message.content).toEqual([{ type: "text", text: "still here" }]);
});

it("close() ends in-flight streams promptly", async () => {
  fake = await startFakeAnthropic({ script: [turn(text(longText))], latencyMs: 1000 });
  const client = new Anthropic({ baseURL: fake.url, apiKey: "k", maxRetries: 0 });
  const pending = client.messages.stream(params).finalMessage();
  pending.catch(() => {});
  await waitFor(() => fake.inFlight === 1);
  const started = Date.now();
  await fake.close();
  expect(Date.now() - started).toBeLessThan(500);
  await expect(pending).rejects.toBeInstanceOf(Error);
  await fake.close(); // idempotent
});
