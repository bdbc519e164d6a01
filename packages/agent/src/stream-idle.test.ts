// A model stream that goes quiet mid-answer fails the turn with `stream_stalled` instead of hanging
// it forever, and leaves a history the API accepts on the next turn.
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
