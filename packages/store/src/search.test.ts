import { describe, expect, it } from "vitest";
import { toFtsQuery } from "./search.js";
import { useTempStores } from "./test-helpers.js";

const { tempStore } = useTempStores();

function seeded() {
  const { store } = tempStore();
  const a = store.createSession({ cwd: "/proj/a", title: "Cache work" });
  const b = store.createSession({ cwd: "/proj/b", title: "Unicode" });
  store.appendMessage(a.id, { role: "user", content: "Why is the redis cache invalidation flaky?" });
  store.appendMessage(a.id, {
    role: "assistant",
    content: [
      { type: "thinking", thinking: "secret-ish reasoning about penguins" },
      { type: "text", text: "The cache TTL races with the writer." },
      { type: "tool_use", id: "t1", name: "Bash", input: { command: "grep -rn invalidate src/" } },
    ],
  });
  store.appendMessage(b.id, { role: "user", content: "Le café naïve — 日本語 テキスト and emoji 🚀 launch" });
  store.appendMessage(b.id, {
    role: "user",
    content: [
      { type: "tool_result", tool_use_id: "t1", content: [{ type: "text", text: "AND OR NEAR output" }] },
    ],
  });
  return { store, a, b };
}

describe("the full-text index fed in batches", () => {
  it("queues new messages, indexes them together, and stays consistent when queued ones are deleted", () => {
    const { store } = tempStore();
    const kept = store.createSession({ cwd: "/proj/a" });
    const gone = store.createSession({ cwd: "/proj/a" });
    store.appendMessage(kept.id, { role: "user", content: "indexed walrus" });
    expect(store.indexPendingMessages()).toBe(1);
    store.appendMessage(kept.id, { role: "user", content: "queued walrus" });
    store.appendMessage(gone.id, { role: "user", content: "doomed walrus" });
    // Deleting a session whose messages are only queued must not touch the index for them.
    expect(store.deleteSession(gone.id)).toBe(true);
    // Search indexes what is queued first: nothing stored is missing from the results.
    expect(
      store
        .searchMessages("walrus", { limit: 10 })
        .map((h) => h.idx)
        .sort(),
    ).toEqual([0, 1]);
    expect(store.indexPendingMessages()).toBe(0);
    expect(store.integrityCheck()).toEqual(["ok"]);
  });
});

describe("searchMessages", () => {
  it("finds messages with a highlighted snippet, title and folder", () => {
    const { store, a } = seeded();
    const hits = store.searchMessages("cache", { limit: 10 });
    expect(hits.map((h) => [h.sessionId, h.idx])).toEqual(
      expect.arrayContaining([
        [a.id, 0],
        [a.id, 1],
      ]),
    );
    expect(hits).toHaveLength(2);
    const first = hits[0];
    expect(first?.snippet).toContain("[cache]");
    expect(first).toMatchObject({ title: "Cache work", cwd: "/proj/a" });
    expect(typeof first?.rank).toBe("number");
    expect((hits[0]?.rank as number) <= (hits[1]?.rank as number)).toBe(true);
  });

  it("ANDs words, prefix-matches the last one, folds diacritics, filters by folder", () => {
    const { store, a, b } = seeded();
    expect(store.searchMessages("cache writer", { limit: 10 }).map((h) => h.idx)).toEqual([1]);
    expect(store.searchMessages("invalidat", { limit: 10 }).map((h) => [h.sessionId, h.idx])).toHaveLength(2);
    expect(store.searchMessages("cafe NAIVE", { limit: 10 }).map((h) => h.sessionId)).toEqual([b.id]);
    expect(store.searchMessages("cache", { limit: 10, cwd: "/proj/b" })).toEqual([]);
    expect(store.searchMessages("grep", { limit: 10 }).map((h) => h.sessionId)).toEqual([a.id]);
    expect(store.searchMessages("penguins", { limit: 10 })).toEqual([]);
    const custom = store.searchMessages("launch", { limit: 1, highlight: ["<b>", "</b>"] });
    expect(custom[0]?.snippet).toContain("<b>launch</b>");
  });

  it("treats FTS5 syntax as plain words", () => {
    const { store, b } = seeded();
    expect(store.searchMessages("AND OR NEAR", { limit: 10 }).map((h) => [h.sessionId, h.idx])).toEqual([
      [b.id, 1],
    ]);
  });

  it("never throws on odd input", () => {
    const { store } = seeded();
    const odd = [
      "",
      "   ",
      '"',
      '""',
      "'",
      "AND OR NEAR(",
      "NEAR(a b",
      "NOT",
      "*",
      "^cache",
      "cache*",
      "title:cache",
      "text:cache",
      "-cache",
      "(cache",
      "cache)",
      '"cache',
      "\u0000",
      "cache\u0000zz",
      "\ud800",
      "🚀",
      "日本語",
      "'; DROP TABLE messages; --",
      "{}[]<>!@#$%^&*()",
      "a".repeat(10_000),
      Array.from({ length: 500 }, (_, i) => `w${i}`).join(" "),
      "\t\n\r",
    ];
    for (const q of odd) {
      const hits = store.searchMessages(q, { limit: 5 });
      expect(Array.isArray(hits), q.slice(0, 20)).toBe(true);
    }
    expect(store.searchMessages("^cache", { limit: 5 }).length).toBeGreaterThan(0);
    expect(store.searchMessages("🚀 launch", { limit: 5 }).length).toBe(1);
    expect(store.searchMessages("日本語", { limit: 5 }).length).toBe(1);
    expect(store.searchMessages(null as never, { limit: 5 })).toEqual([]);
    expect(store.integrityCheck()).toEqual(["ok"]);
  });

  it("builds quoted MATCH expressions", () => {
    expect(toFtsQuery("")).toBeUndefined();
    expect(toFtsQuery(" ( ) * ")).toBeUndefined();
    expect(toFtsQuery('say "hi"')).toBe('"say" """hi"""*');
    expect(toFtsQuery("a\u0000b")).toBe('"a" "b"*');
    expect(toFtsQuery("NEAR(x")).toBe('"NEAR(x"*');
  });
});
