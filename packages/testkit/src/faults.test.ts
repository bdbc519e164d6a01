// Stream faults against the real SDK: each breaks the stream the way a flaky network or server does.
import Anthropic from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { text } from "./builders.js";
import { type FakeAnthropic, startFakeAnthropic } from "./server.js";

let fake: FakeAnthropic;
afterEach(async () => {
  await fake?.close();
});

const params = {
  model: "claude-test",
  max_tokens: 1024,
  messages: [{ role: "user" as const, content: "Hi" }],
};
const long = text("a fairly long answer that streams in many small pieces");

async function streamWith(fault: { kind: "disconnect" | "stall" | "malformed"; afterEvents: number }) {
  fake = await startFakeAnthropic({ script: [{ content: [long], fault }], chunkSize: 4 });
  const client = new Anthropic({ baseURL: fake.url, apiKey: "k", maxRetries: 0 });
  const controller = new AbortController();
  const stream = client.messages.stream(params, { signal: controller.signal });
  const seen: string[] = [];
  stream.on("streamEvent", (event) => seen.push(event.type));
  return { stream, seen, controller };
}

describe("stream faults", () => {
  it("disconnect: the connection closes mid-stream and the SDK fails the stream", async () => {
    const { stream, seen } = await streamWith({ kind: "disconnect", afterEvents: 5 });
    await expect(stream.finalMessage()).rejects.toThrow();
    expect(seen.length).toBe(4); // 5 SSE events, of which the SDK does not surface `ping`
  });

  it("stall: nothing after the given events, the connection stays open until the client gives up", async () => {
    const { stream, seen, controller } = await streamWith({ kind: "stall", afterEvents: 4 });
    const outcome = stream.finalMessage().then(
      () => "finished",
      (error: Error) => error.name,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(seen.length).toBe(3); // `ping` is not surfaced
    expect(fake.inFlight).toBe(1);
    controller.abort();
    expect(await outcome).toBe("APIUserAbortError");
  });

  it("malformed: an event whose data is not JSON makes the SDK fail the stream", async () => {
    const { stream } = await streamWith({ kind: "malformed", afterEvents: 3 });
    await expect(stream.finalMessage()).rejects.toThrow(/JSON/i);
  });
});

describe("retry-after", () => {
  it("a 429 carries retry-after: 1 by default, none with retryAfter null", async () => {
    fake = await startFakeAnthropic({
      script: [{ error: { status: 429 } }, { error: { status: 429, retryAfter: null } }],
    });
    const first = await fetch(`${fake.url}/v1/messages`, { method: "POST", body: JSON.stringify(params) });
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("1");
    const second = await fetch(`${fake.url}/v1/messages`, { method: "POST", body: JSON.stringify(params) });
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toBeNull();
  });
});
