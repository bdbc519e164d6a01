import { describe, expect, it } from "vitest";
import type { StoreError } from "./errors.js";
import { DAY, captureError, useTempStores } from "./test-helpers.js";

const { tempStore } = useTempStores();

describe("sessions", () => {
  it("creates with defaults and reads back", () => {
    const { store, clock } = tempStore();
    const s = store.createSession({ cwd: "/w/a", model: "sonnet" });
    expect(s).toMatchObject({
      cwd: "/w/a",
      model: "sonnet",
      status: "idle",
      lastSeq: 0,
      messageCount: 0,
      bytes: 0,
      createdAt: clock.t,
      updatedAt: clock.t,
      parentId: null,
      firstPrompt: null,
    });
    expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(store.getSession(s.id)).toEqual(s);
    expect(store.getSession("nope")).toBeUndefined();
  });

  it("rejects a duplicate id and a missing cwd", () => {
    const { store } = tempStore();
    store.createSession({ id: "s1", cwd: "/w" });
    expect((captureError(() => store.createSession({ id: "s1", cwd: "/w" })) as StoreError).code).toBe(
      "STORE_CONFLICT",
    );
    expect((captureError(() => store.createSession({ cwd: "" })) as StoreError).code).toBe("STORE_INVALID");
  });

  it("pages by last activity with a cursor, stable across equal timestamps", () => {
    const { store, clock } = tempStore();
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      // Groups of five share a timestamp, so the id tie-breaker matters.
      if (i % 5 === 0) clock.advance(1000);
      ids.push(
        store.createSession({ id: `s${String(i).padStart(2, "0")}`, cwd: i % 2 ? "/odd" : "/even" }).id,
      );
    }
    const expected = [...ids].reverse();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = store.listSessions({ limit: 4, ...(cursor && { cursor }) });
      seen.push(...page.sessions.map((s) => s.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(pages).toBe(7);

    const odd = store.listSessions({ cwd: "/odd", limit: 100 });
    expect(odd.sessions.map((s) => s.id)).toEqual(expected.filter((id) => Number(id.slice(1)) % 2 === 1));
    expect(odd.nextCursor).toBeUndefined();

    const firstEven = store.listSessions({ cwd: "/even", limit: 5 });
    const restEven = store.listSessions({ cwd: "/even", limit: 100, cursor: firstEven.nextCursor as string });
    expect([...firstEven.sessions, ...restEven.sessions].map((s) => s.id)).toEqual(
      expected.filter((id) => Number(id.slice(1)) % 2 === 0),
    );
    expect(restEven.nextCursor).toBeUndefined();
  });

  it("refuses a bad cursor or limit", () => {
    const { store } = tempStore();
    expect((captureError(() => store.listSessions({ limit: 5, cursor: "garbage" })) as StoreError).code).toBe(
      "STORE_INVALID",
    );
    expect((captureError(() => store.listSessions({ limit: 0 })) as StoreError).code).toBe("STORE_INVALID");
  });

  it("finds the latest session in a folder by activity", () => {
    const { store, clock } = tempStore();
    const a = store.createSession({ cwd: "/w" });
    clock.advance(10);
    const b = store.createSession({ cwd: "/w" });
    store.createSession({ cwd: "/elsewhere" });
    expect(store.latestSession("/w")?.id).toBe(b.id);
    clock.advance(10);
    store.appendEvent(a.id, "user", { text: "hi" });
    expect(store.latestSession("/w")?.id).toBe(a.id);
    expect(store.latestSession("/none")).toBeUndefined();
  });

  it("updates fields without counting as activity; touch does", () => {
    const { store, clock } = tempStore();
    const s = store.createSession({ cwd: "/w", title: "old" });
    clock.advance(DAY);
    const u = store.updateSession(s.id, { title: null, status: "running", model: "opus" });
    expect(u).toMatchObject({ title: null, status: "running", model: "opus", updatedAt: s.updatedAt });
    expect(store.updateSession(s.id, {})).toEqual(u);
    expect(store.updateSession("missing", { title: "x" })).toBeUndefined();
    expect(
      (captureError(() => store.updateSession(s.id, { status: "bogus" as never })) as StoreError).code,
    ).toBe("STORE_INVALID");
    expect(store.touch(s.id)).toBe(true);
    expect(store.getSession(s.id)?.updatedAt).toBe(clock.t);
    expect(store.touch("missing")).toBe(false);
  });

  it("marks sessions left running as interrupted after a crash", () => {
    const { store } = tempStore();
    const a = store.createSession({ cwd: "/w", status: "running" });
    const b = store.createSession({ cwd: "/w" });
    const c = store.createSession({ cwd: "/w" });
    store.updateSession(c.id, { status: "running" });
    expect(store.markRunningAsInterrupted().sort()).toEqual([a.id, c.id].sort());
    expect(store.getSession(a.id)?.status).toBe("interrupted");
    expect(store.getSession(b.id)?.status).toBe("idle");
    expect(store.markRunningAsInterrupted()).toEqual([]);
  });

  it("deletes a session with everything stored for it; usage is kept but anonymised", () => {
    const { store } = tempStore();
    const s = store.createSession({ cwd: "/w" });
    const other = store.createSession({ cwd: "/w" });
    store.appendEvents(
      s.id,
      Array.from({ length: 5000 }, (_, i) => ({ type: "delta", payload: { i } })),
    );
    store.appendMessage(s.id, { role: "user", content: "find the zebra" });
    store.appendMessage(other.id, { role: "user", content: "zebra crossing" });
    store.recordDecision({ sessionId: s.id, tool: "Bash", inputSummary: "ls", decision: "allow" });
    store.recordDecision({ tool: "Bash", inputSummary: "no session", decision: "ask" });
    store.recordUsage({ sessionId: s.id, model: "m", provider: "anthropic", costUsd: 0.5 });

    expect(store.deleteSession(s.id)).toBe(true);
    expect(store.deleteSession(s.id)).toBe(false);
    expect(store.getSession(s.id)).toBeUndefined();
    expect(store.eventsAfter(s.id, 0, 10)).toEqual([]);
    expect(store.loadHistory(s.id)).toEqual([]);
    expect(store.searchMessages("zebra", { limit: 10 }).map((h) => h.sessionId)).toEqual([other.id]);
    expect(store.listDecisions({ limit: 10 }).map((d) => d.inputSummary)).toEqual(["no session"]);
    expect(store.usageTotal().costUsd).toBe(0.5);
    expect(store.usageSummary({ groupBy: "session" })).toMatchObject([{ key: null, requests: 1 }]);
    expect(store.integrityCheck()).toEqual(["ok"]);
    expect(store.getSession(other.id)?.messageCount).toBe(1);
  });

  it("deletes by folder or all, never everything by accident", () => {
    const { store } = tempStore();
    const a = store.createSession({ cwd: "/a" });
    const b = store.createSession({ cwd: "/a" });
    const c = store.createSession({ cwd: "/c" });
    expect((captureError(() => store.deleteSessions({})) as StoreError).code).toBe("STORE_INVALID");
    const r = store.deleteSessions({ cwd: "/a" }, { excludeIds: new Set([b.id]) });
    expect(r).toEqual({ removedSessions: 1, ids: [a.id] });
    expect(store.deleteSessions("all").ids.sort()).toEqual([b.id, c.id].sort());
    expect(store.listSessions({ limit: 10 }).sessions).toEqual([]);
  });
});
