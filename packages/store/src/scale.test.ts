// 100,000 messages: paging stays correct, and every paged query is an index range scan (checked
// with EXPLAIN QUERY PLAN rather than timings, which are flaky on shared CI machines).
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { EVENTS_AFTER_SQL } from "./events.js";
import { MESSAGES_PAGE_SQL } from "./messages.js";
import { LIST_SQL } from "./sessions.js";
import { useTempStores } from "./test-helpers.js";

const { tempStore } = useTempStores();

function plan(path: string, sql: string, params: unknown[]): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
      (r) => r.detail,
    );
  } finally {
    db.close();
  }
}

function expectRangeScan(details: string[]) {
  for (const d of details) {
    expect(d, details.join(" | ")).not.toMatch(/^SCAN (sessions|messages|events)\b(?!.*USING)/);
    expect(d, details.join(" | ")).not.toMatch(/TEMP B-TREE/);
  }
  expect(details.some((d) => /USING (COVERING )?INDEX|USING PRIMARY KEY/.test(d))).toBe(true);
}

describe("at scale", () => {
  it("pages 100,000 messages and 2,001 sessions correctly through indexes", () => {
    const { store, path, clock } = tempStore();
    const big = store.createSession({ cwd: "/big" }).id;
    store.transaction(() => {
      for (let i = 0; i < 60_000; i++) {
        store.appendMessage(big, {
          role: i % 2 ? "assistant" : "user",
          content: `message ${i} of the long one`,
        });
      }
    });
    const small: string[] = [];
    clock.advance(1000);
    for (let s = 0; s < 2000; s++) {
      clock.advance(s % 3 === 0 ? 0 : 1000); // some equal timestamps, to exercise the tie-breaker
      store.transaction(() => {
        const id = store.createSession({ cwd: s % 4 === 0 ? "/four" : "/other" }).id;
        for (let i = 0; i < 20; i++) store.appendMessage(id, { role: "user", content: `small ${s} ${i}` });
        small.push(id);
      });
    }

    const tail = store.messagesPage(big, { fromIdx: 59_990, limit: 50 });
    expect(tail.map((m) => m.idx)).toEqual(Array.from({ length: 10 }, (_, i) => 59_990 + i));
    expect(tail[9]?.content).toBe("message 59999 of the long one");
    expect(store.messagesPage(big, { fromIdx: 30_000, limit: 2 }).map((m) => m.content)).toEqual([
      "message 30000 of the long one",
      "message 30001 of the long one",
    ]);
    expect(store.messageCount(big)).toBe(60_000);

    const seen: string[] = [];
    let cursor: string | undefined;
    let prev = Number.POSITIVE_INFINITY;
    do {
      const page = store.listSessions({ limit: 50, ...(cursor && { cursor }) });
      for (const s of page.sessions) {
        expect(s.updatedAt).toBeLessThanOrEqual(prev);
        prev = s.updatedAt;
        seen.push(s.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(2001);
    expect(new Set(seen).size).toBe(2001);
    expect(seen.at(-1)).toBe(big);
    const four = store.listSessions({ cwd: "/four", limit: 1000 });
    expect(four.sessions).toHaveLength(500);
    expect(four.nextCursor).toBeUndefined();
    expect(store.searchMessages("long", { limit: 20 })).toHaveLength(20);

    expectRangeScan(plan(path, LIST_SQL.all, [51]));
    expectRangeScan(plan(path, LIST_SQL.allAfter, [1, "x", 51]));
    expectRangeScan(plan(path, LIST_SQL.cwd, ["/four", 51]));
    expectRangeScan(plan(path, LIST_SQL.cwdAfter, ["/four", 1, "x", 51]));
    expectRangeScan(plan(path, MESSAGES_PAGE_SQL, [{ id: big, from: 30_000, limit: 50 }]));
    expectRangeScan(plan(path, EVENTS_AFTER_SQL, [big, 10, big, 50]));
  });
});
