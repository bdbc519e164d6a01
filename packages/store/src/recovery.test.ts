import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { useTempStores } from "./test-helpers.js";

const { tempStore } = useTempStores();

describe("recovery helpers", () => {
  it("finds the newest event of given types, scanning backwards", () => {
    const { store } = tempStore();
    const id = store.createSession({ cwd: "/w" }).id;
    store.appendEvent(id, "turn_started", { turnId: "t1" });
    store.appendEvent(id, "turn_completed", { turnId: "t1" });
    store.appendEvent(id, "turn_started", { turnId: "t2" });
    for (let i = 0; i < 50; i++) store.appendEvent(id, "assistant_text_delta", { i });
    const last = store.lastEventOfTypes(id, ["turn_started", "turn_completed"]);
    expect(last).toMatchObject({ seq: 3, type: "turn_started", payload: { turnId: "t2" } });
    expect(store.lastEventOfTypes(id, ["nope"])).toBeUndefined();
    expect(store.lastEvents(id, 2).map((e) => e.seq)).toEqual([53, 52]);
  });

  it("reports a consistent session as [] and names each kind of damage", () => {
    const { store, path } = tempStore();
    const id = store.createSession({ cwd: "/w" }).id;
    for (let i = 0; i < 5; i++) store.appendEvent(id, "x", i);
    store.appendMessage(id, { role: "user", content: "hi" });
    store.appendMessage(id, { role: "assistant", content: [{ type: "text", text: "yo" }] });
    expect(store.sessionConsistency(id)).toEqual([]);
    expect(store.sessionConsistency("missing")).toEqual(["session missing does not exist"]);

    const raw = new Database(path);
    raw.prepare("DELETE FROM events WHERE session_id = ? AND seq = 3").run(id);
    raw.prepare("DELETE FROM messages WHERE session_id = ? AND idx = 0").run(id);
    raw.close();
    const problems = store.sessionConsistency(id);
    expect(problems.join("\n")).toMatch(/last_seq is 5 but 4 events/);
    expect(problems.join("\n")).toMatch(/message_count is 2 but 1 messages/);
  });
});

describe("deleteSessionsStepwise", () => {
  it("hides every target at the first step, then purges in bounded steps", () => {
    const { store } = tempStore();
    const keep = store.createSession({ cwd: "/other" }).id;
    const ids = Array.from({ length: 3 }, () => store.createSession({ cwd: "/w" }).id);
    for (const id of ids) for (let i = 0; i < 30; i++) store.appendEvent(id, "x", i);
    const live = ids[0] as string;
    const steps = store.deleteSessionsStepwise(
      { cwd: "/w" },
      { excludeIds: new Set([live]), rowsPerBatch: 10 },
    );
    const first = steps.next();
    expect(first.done).toBe(false);
    expect(store.listSessions({ cwd: "/w", limit: 10 }).sessions.map((s) => s.id)).toEqual([live]);
    let n = 1;
    let result = steps.next();
    while (!result.done) {
      n++;
      result = steps.next();
    }
    expect(n).toBeGreaterThan(3);
    expect(result.value.removedSessions).toBe(2);
    expect(store.getSession(keep)).toBeDefined();
    expect(store.getSession(live)).toBeDefined();
    expect(store.eventsAfter(ids[1] as string, 0, 100)).toEqual([]);
  });

  it("maps SQLite errors raised inside a step to StoreErrors", () => {
    const { store } = tempStore();
    store.createSession({ cwd: "/w" });
    const steps = store.deleteSessionsStepwise("all");
    store.close();
    expect(() => steps.next()).toThrow(expect.objectContaining({ name: "StoreError", code: "STORE_CLOSED" }));
  });
});
