import { describe, expect, it } from "vitest";
import type { StoreError } from "./errors.js";
import { captureError, useTempStores } from "./test-helpers.js";

const { tempStore, open } = useTempStores();

describe("events", () => {
  it("assigns strictly increasing, gap-free seqs per session under many interleaved appends", () => {
    const { store } = tempStore();
    const sessions = Array.from({ length: 4 }, () => store.createSession({ cwd: "/w" }).id);
    const counts = new Map(sessions.map((id) => [id, 0]));
    for (let round = 0; round < 600; round++) {
      const id = sessions[round % sessions.length] as string;
      const n = counts.get(id) as number;
      if (round % 3 === 0) {
        const got = store.appendEvents(id, [
          { type: "a", payload: n + 1 },
          { type: "b", payload: n + 2 },
          { type: "c", payload: n + 3 },
        ]);
        expect(got.map((g) => g.seq)).toEqual([n + 1, n + 2, n + 3]);
        counts.set(id, n + 3);
      } else {
        expect(store.appendEvent(id, "x", n + 1).seq).toBe(n + 1);
        counts.set(id, n + 1);
      }
    }
    for (const id of sessions) {
      const total = counts.get(id) as number;
      const all = [];
      for (let after = 0; ; ) {
        const page = store.eventsAfter(id, after, 1000);
        if (page.length === 0) break;
        all.push(...page);
        after = page[page.length - 1]?.seq as number;
      }
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(all.map((e) => e.payload)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(store.lastSeq(id)).toBe(total);
      expect(store.getSession(id)?.lastSeq).toBe(total);
    }
  });

  it("stays gap-free when two connections append to the same session", () => {
    const { store, path } = tempStore();
    const other = open(path);
    const id = store.createSession({ cwd: "/w" }).id;
    const seqs: number[] = [];
    for (let i = 0; i < 200; i++) seqs.push((i % 2 ? store : other).appendEvent(id, "x", i).seq);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it("pages with eventsAfter", () => {
    const { store } = tempStore();
    const id = store.createSession({ cwd: "/w" }).id;
    store.appendEvents(
      id,
      Array.from({ length: 23 }, (_, i) => ({ type: "t", payload: { i } })),
    );
    const pages: number[][] = [];
    let after = 0;
    for (;;) {
      const page = store.eventsAfter(id, after, 7);
      if (page.length === 0) break;
      pages.push(page.map((e) => e.seq));
      after = page[page.length - 1]?.seq as number;
    }
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 2]);
    expect(pages.flat()).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(store.eventsAfter(id, 20, 100).map((e) => e.seq)).toEqual([21, 22, 23]);
    expect(store.eventsAfter(id, 23, 100)).toEqual([]);
    expect(store.eventsAfter("missing", 0, 100)).toEqual([]);
  });

  it("round-trips payloads and records time and size", () => {
    const { store, clock } = tempStore();
    const id = store.createSession({ cwd: "/w" }).id;
    clock.advance(5000);
    const payload = { text: 'héllo 👋 \u0000 "quoted"', nested: [1, null, { deep: true }] };
    const { seq, createdAt } = store.appendEvent(id, "assistant.delta", payload);
    store.appendEvent(id, "nothing", undefined);
    expect(createdAt).toBe(clock.t);
    expect(store.eventsAfter(id, 0, 10)).toEqual([
      { seq, type: "assistant.delta", payload, createdAt },
      { seq: 2, type: "nothing", payload: null, createdAt },
    ]);
    const s = store.getSession(id);
    expect(s?.updatedAt).toBe(clock.t);
    expect(s?.bytes).toBe(JSON.stringify(payload).length + 4);
  });

  it("is atomic: a failing batch consumes no seq and stores nothing", () => {
    const { store } = tempStore();
    const id = store.createSession({ cwd: "/w" }).id;
    store.appendEvent(id, "x", 1);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const err = captureError(() =>
      store.appendEvents(id, [
        { type: "ok", payload: 1 },
        { type: "bad", payload: cyclic },
      ]),
    ) as StoreError;
    expect(err.code).toBe("STORE_INVALID");
    expect((captureError(() => store.appendEvent(id, "", 1)) as StoreError).code).toBe("STORE_INVALID");
    expect(store.lastSeq(id)).toBe(1);
    expect(store.appendEvent(id, "x", 2).seq).toBe(2);
    expect(store.appendEvents(id, [])).toEqual([]);
  });

  it("refuses appends to unknown or deleted sessions", () => {
    const { store } = tempStore();
    expect((captureError(() => store.appendEvent("missing", "x", 1)) as StoreError).code).toBe(
      "STORE_NOT_FOUND",
    );
    const id = store.createSession({ cwd: "/w" }).id;
    store.deleteSession(id);
    expect((captureError(() => store.appendEvent(id, "x", 1)) as StoreError).code).toBe("STORE_NOT_FOUND");
    expect(store.lastSeq(id)).toBeUndefined();
  });

  it("groups writes with store.transaction", () => {
    const { store } = tempStore();
    const id = store.createSession({ cwd: "/w" }).id;
    const err = captureError(() =>
      store.transaction(() => {
        const { seq } = store.appendEvent(id, "assistant.done", {});
        store.appendMessage(id, { role: "assistant", content: "hi", seq });
        throw new Error("boom");
      }),
    );
    expect((err as Error).message).toBe("boom");
    expect(store.lastSeq(id)).toBe(0);
    expect(store.messageCount(id)).toBe(0);
  });
});
