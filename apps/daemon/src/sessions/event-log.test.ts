// The in-memory tail is a bounded cache in front of the store: a long-lived session must not keep
// every event in memory, and a replay from any seq must still give every event exactly once.
import { join } from "node:path";
import type { SessionEvent } from "@berth/protocol";
import { openStore, type Store } from "@berth/store";
import { makeTempDir } from "@berth/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { EventLog, TAIL_CAPACITY } from "./event-log";

const dir = makeTempDir("berth-event-log-");
afterAll(() => dir.cleanup());

const delta = (i: number): SessionEvent => ({
  type: "assistant_text_delta",
  turnId: "t",
  messageId: "m",
  index: 0,
  text: `w${i} `,
});

function replayed(log: EventLog, afterSeq: number): number[] {
  const seqs: number[] = [];
  log.replay(afterSeq, (note) => seqs.push(note.seq));
  return seqs;
}

describe("EventLog", () => {
  let store: Store;
  it("keeps a bounded tail for a persisted session and replays older events from the store", () => {
    store = openStore({ path: join(dir.path, "berth.db") });
    const id = store.createSession({ cwd: "/w" }).id;
    const log = new EventLog(id, store, 0);
    const total = TAIL_CAPACITY.persisted * 5;
    for (let i = 0; i < total; i++) log.append(delta(i));
    expect(log.lastSeq).toBe(total);
    expect(log.tailLength).toBeLessThanOrEqual(TAIL_CAPACITY.persisted * 1.25);
    // From the start (all from SQLite but the tail), from inside the tail, and at the end.
    const all = replayed(log, 0);
    expect(all).toHaveLength(total);
    expect(all.every((seq, i) => seq === i + 1)).toBe(true);
    expect(replayed(log, total - 10)).toEqual(Array.from({ length: 10 }, (_, i) => total - 9 + i));
    expect(replayed(log, total)).toEqual([]);
    expect(log.canReplayFrom(0)).toBe(true);
    store.close();
  });

  it("keeps more for an unpersisted session, which has nothing else to replay from, but not everything", () => {
    const log = new EventLog("mem", undefined, 0);
    const total = TAIL_CAPACITY.unpersisted * 2;
    for (let i = 0; i < total; i++) log.append(delta(i));
    expect(log.tailLength).toBeGreaterThanOrEqual(TAIL_CAPACITY.unpersisted);
    expect(log.tailLength).toBeLessThanOrEqual(TAIL_CAPACITY.unpersisted * 1.25);
    expect(log.canReplayFrom(0)).toBe(false);
    expect(log.canReplayFrom(total - TAIL_CAPACITY.unpersisted)).toBe(true);
  });
});
