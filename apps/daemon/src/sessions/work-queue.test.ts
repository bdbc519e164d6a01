import { describe, expect, it } from "vitest";
import { type QueuedWork, WorkQueue } from "./work-queue";

function recordingQueue(run: (work: QueuedWork) => Promise<void>) {
  const log: string[] = [];
  const queue = new WorkQueue({
    starting: () => log.push("starting"),
    run: async (work) => {
      log.push(`run ${work.kind === "turn" ? work.text : work.kind}`);
      await run(work);
    },
    crashed: (error) => log.push(`crashed ${(error as Error).message}`),
    idle: () => log.push("idle"),
  });
  return { queue, log };
}

/** A runner that holds the turn `text` until `release` is called; everything else finishes at once. */
function holding(text: string) {
  const held: { release: () => void } = { release: () => undefined };
  const run = (work: QueuedWork) =>
    new Promise<void>((resolve) => {
      if (work.kind === "turn" && work.text === text) held.release = resolve;
      else resolve();
    });
  return { held, ...recordingQueue(run) };
}

describe("WorkQueue", () => {
  it("runs work one at a time, in order, and is idle once only after the last", async () => {
    const { queue, log, held } = holding("first");
    queue.push({ kind: "turn", text: "first", turnId: "t1" });
    queue.push({ kind: "compact" });
    queue.push({ kind: "turn", text: "second", turnId: "t2" });
    expect(queue.busy).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(["starting", "run first"]);
    held.release();
    await queue.settled();
    expect(queue.busy).toBe(false);
    expect(log).toEqual([
      "starting",
      "run first",
      "starting",
      "run compact",
      "starting",
      "run second",
      "idle",
    ]);
  });

  it("reports an item that throws and still runs what was queued after it", async () => {
    const { queue, log } = recordingQueue(async (work) => {
      if (work.kind === "clear") throw new Error("store refused");
    });
    queue.push({ kind: "clear" });
    queue.push({ kind: "turn", text: "after", turnId: "t3" });
    await queue.settled();
    expect(log).toEqual(["starting", "run clear", "crashed store refused", "starting", "run after", "idle"]);
  });

  it("clear drops what has not started and says whether something is running", async () => {
    const { queue, log, held } = holding("long");
    expect(queue.clear()).toBe(false);
    queue.push({ kind: "turn", text: "long", turnId: "t4" });
    queue.push({ kind: "turn", text: "dropped", turnId: "t5" });
    await new Promise((r) => setImmediate(r));
    expect(queue.clear()).toBe(true);
    held.release();
    await queue.settled();
    expect(log).toEqual(["starting", "run long", "idle"]);
  });
});
