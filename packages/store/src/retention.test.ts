import { describe, expect, it } from "vitest";
import type { StoreError } from "./errors.js";
import type { Store } from "./store.js";
import { DAY, captureError, useTempStores } from "./test-helpers.js";

const { tempStore } = useTempStores();

function fill(store: Store, id: string, events: number, messages = 2) {
  store.appendEvents(
    id,
    Array.from({ length: events }, (_, i) => ({ type: "delta", payload: { i, text: "lorem ipsum" } })),
  );
  for (let i = 0; i < messages; i++) {
    store.appendMessage(id, { role: i % 2 ? "assistant" : "user", content: `retention message ${i}` });
  }
  store.recordDecision({ sessionId: id, tool: "Bash", inputSummary: "ls", decision: "allow" });
  store.recordUsage({ sessionId: id, model: "m", provider: "p", costUsd: 1 });
}

describe("retention", () => {
  it("deletes only expired, non-excluded, non-running sessions and everything stored for them", () => {
    const { store, clock } = tempStore();
    const old1 = store.createSession({ cwd: "/w" }).id;
    const old2 = store.createSession({ cwd: "/w" }).id;
    const oldExcluded = store.createSession({ cwd: "/w" }).id;
    const oldRunning = store.createSession({ cwd: "/w", status: "running" }).id;
    for (const id of [old1, old2, oldExcluded, oldRunning]) fill(store, id, 30);
    clock.advance(20 * DAY);
    const recent = store.createSession({ cwd: "/w" }).id;
    fill(store, recent, 5);
    clock.advance(11 * DAY); // old ones: 31 days idle; recent: 11 days

    const opts = { olderThanMs: 30 * DAY, excludeIds: new Set([oldExcluded]) };
    const dry = store.expiredSessions({ ...opts, limit: 100 });
    expect(dry.map((s) => s.id).sort()).toEqual([old1, old2].sort());
    expect(dry[0]).toMatchObject({ cwd: "/w", messageCount: 2, firstPrompt: "retention message 0" });
    expect(store.countExpired(opts)).toBe(2);
    expect(store.getSession(old1)).toBeDefined(); // a dry run deletes nothing

    const result = store.sweepExpired(opts);
    expect(result).toMatchObject({ removedSessions: 2, removedEvents: 60, removedMessages: 4 });
    expect(result.ids.sort()).toEqual([old1, old2].sort());
    for (const id of [old1, old2]) {
      expect(store.getSession(id)).toBeUndefined();
      expect(store.eventsAfter(id, 0, 100)).toEqual([]);
      expect(store.listDecisions({ sessionId: id, limit: 10 })).toEqual([]);
      expect(store.sessionUsage(id).requests).toBe(0);
    }
    for (const id of [oldExcluded, oldRunning, recent]) expect(store.getSession(id)).toBeDefined();
    expect(store.usageTotal().requests).toBe(5); // the cost ledger survives, unlinked
    expect(store.searchMessages("retention", { limit: 100 })).toHaveLength(6);
    expect(store.integrityCheck()).toEqual(["ok"]);

    const [log] = store.listRetentionLog({ limit: 1 });
    expect(log).toMatchObject({ ranAt: clock.t, removedSessions: 2, removedEvents: 60 });
    expect(log?.details).toMatchObject({ olderThanMs: 30 * DAY, excluded: 1, removedMessages: 4 });
    expect([...((log?.details.ids as string[] | undefined) ?? [])].sort()).toEqual([old1, old2].sort());

    const again = store.sweepExpired(opts);
    expect(again).toMatchObject({ removedSessions: 0, removedEvents: 0, ids: [] });
    expect(store.listRetentionLog({ limit: 10 })).toHaveLength(2);
  });

  it("works in bounded batches", () => {
    const { store, clock } = tempStore();
    const ids = Array.from({ length: 30 }, () => store.createSession({ cwd: "/w" }).id);
    for (const id of ids) fill(store, id, 40, 3);
    const big = store.createSession({ cwd: "/w" }).id;
    fill(store, big, 2500, 0);
    clock.advance(40 * DAY);

    const batches: { sessions: number; rows: number }[] = [];
    const result = store.sweepExpired({
      olderThanMs: 30 * DAY,
      batchSize: 7,
      rowsPerBatch: 300,
      onBatch: (b) => batches.push({ sessions: b.ids.length, rows: b.removedEvents + b.removedMessages }),
    });
    expect(result.removedSessions).toBe(31);
    expect(result.removedEvents).toBe(30 * 40 + 2500);
    expect(result.batches).toBe(batches.length);
    expect(batches.length).toBeGreaterThan(10);
    for (const b of batches) {
      expect(b.sessions).toBeLessThanOrEqual(7);
      expect(b.rows).toBeLessThanOrEqual(300);
    }
    expect(store.listSessions({ limit: 100 }).sessions).toEqual([]);
    expect(store.integrityCheck()).toEqual(["ok"]);
  });

  it("stepwise: deleted sessions vanish at once, a touched session is spared, abandoning logs the partial sweep", () => {
    const { store, clock } = tempStore();
    const ids = Array.from({ length: 6 }, () => store.createSession({ cwd: "/w" }).id);
    for (const id of ids) fill(store, id, 100);
    clock.advance(31 * DAY);

    const it = store.sweepExpiredStepwise({ olderThanMs: 30 * DAY, batchSize: 2, rowsPerBatch: 50 });
    const first = it.next();
    expect(first.done).toBe(false);
    // The first two are tombstoned: gone from reads though their rows are not all purged yet.
    const hidden = ids.filter((id) => store.getSession(id) === undefined);
    expect(hidden).toHaveLength(2);
    // Activity after the sweep started protects a session that is not yet taken.
    const spared = ids.find((id) => !hidden.includes(id)) as string;
    store.touch(spared);
    it.next();
    it.return(undefined as never);

    const [log] = store.listRetentionLog({ limit: 1 });
    expect(log?.details.batches).toBe(2);
    expect(log?.removedEvents).toBe(100);

    // A later sweep finishes the tombstoned sessions and takes the rest, except the touched one.
    const rest = store.sweepExpired({ olderThanMs: 30 * DAY });
    expect(rest.removedSessions).toBe(5);
    expect(store.listSessions({ limit: 10 }).sessions.map((s) => s.id)).toEqual([spared]);
    expect(store.eventsAfter(spared, 0, 1000)).toHaveLength(100);
    expect(store.integrityCheck()).toEqual(["ok"]);
  });

  it("completes a stepwise sweep to a result", () => {
    const { store, clock } = tempStore();
    for (let i = 0; i < 3; i++) fill(store, store.createSession({ cwd: "/w" }).id, 10);
    clock.advance(2 * DAY);
    const it = store.sweepExpiredStepwise({ olderThanMs: DAY });
    let next = it.next();
    while (!next.done) next = it.next();
    expect(next.value).toMatchObject({ removedSessions: 3, removedEvents: 30, batches: 1 });
  });

  it("refuses a negative period", () => {
    const { store } = tempStore();
    expect((captureError(() => store.sweepExpired({ olderThanMs: -1 })) as StoreError).code).toBe(
      "STORE_INVALID",
    );
    expect(store.listRetentionLog({ limit: 5 })).toEqual([]);
  });
});
