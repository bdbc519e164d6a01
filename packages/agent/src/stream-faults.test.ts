// Streams that break after they started: silence (stream_stalled; it used to hang the turn), a cut
// connection and garbage each fail the turn with a retryable code, and leave a history the API
// accepts on the next turn.
import { text, toolUse, turn, waitFor } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./test-support.js";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("stream idle timeout", () => {
  it("fails a stalled turn with stream_stalled, and the next turn works", async () => {
    h = await startHarness({ streamIdleTimeoutMs: 300, fake: { chunkSize: 4 } });
    h.fake.enqueue({
      content: [text("an answer that stops half way"), toolUse("Read", { file_path: "x" })],
      fault: { kind: "stall", afterEvents: 6 },
    });
    const outcome = await h.session.runTurn("talk", "t1");
    expect(outcome.status).toBe("failed");
    expect(h.of("turn_failed")[0]?.error).toMatchObject({ code: "stream_stalled", retryable: true });
    expect(h.of("turn_failed")[0]?.error.message).toContain("stopped sending for 0.3 s");
    expect(h.of("assistant_text_delta").length).toBeGreaterThan(0);
    // The half message was never complete, so it never joined the history.
    expect(h.persisted.map((m) => m.role)).toEqual(["user"]);
    // The connection was dropped, not left open: the fake sees its client go away.
    await waitFor(() => h.fake.inFlight === 0, { description: "the stalled request to be closed" });

    h.fake.enqueue(turn(text("Back again.")));
    const next = await h.session.runTurn("again", "t2");
    expect(next).toMatchObject({ status: "completed", result: "Back again." });
  });

  it("does not fire while data keeps arriving, however long the answer takes", async () => {
    h = await startHarness({ streamIdleTimeoutMs: 300, fake: { latencyMs: 40, chunkSize: 2 } });
    // 40 ms between events, about 2 s in all: far longer than the idle timeout, never idle that long.
    h.fake.enqueue(turn(text("slow but steady, ".repeat(3))));
    const outcome = await h.session.runTurn("talk", "t1");
    expect(outcome).toMatchObject({ status: "completed", result: "slow but steady, ".repeat(3) });
  });
});

describe("streams broken after they started", () => {
  it("a connection cut mid-answer is a retryable connection_error, and the next turn works", async () => {
    h = await startHarness({ fake: { chunkSize: 4 } });
    h.fake.enqueue({
      content: [text("an answer cut short"), toolUse("Read", { file_path: "x" })],
      fault: { kind: "disconnect", afterEvents: 6 },
    });
    expect((await h.session.runTurn("talk", "t1")).status).toBe("failed");
    expect(h.of("turn_failed")[0]?.error).toMatchObject({ code: "connection_error", retryable: true });
    expect(h.persisted.map((m) => m.role)).toEqual(["user"]);
    h.fake.enqueue(turn(text("Back again.")));
    expect(await h.session.runTurn("again", "t2")).toMatchObject({ status: "completed" });
  });

  it("a malformed stream event is a retryable api_error naming the gateway as a suspect", async () => {
    h = await startHarness({ fake: { chunkSize: 4 } });
    h.fake.enqueue({
      content: [text("an answer with garbage in it")],
      fault: { kind: "malformed", afterEvents: 4 },
    });
    expect((await h.session.runTurn("talk", "t1")).status).toBe("failed");
    const error = h.of("turn_failed")[0]?.error;
    expect(error).toMatchObject({ code: "api_error", retryable: true });
    expect(error?.message).toContain("malformed stream event");
  });
});
