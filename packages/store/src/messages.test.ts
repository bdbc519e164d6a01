import { describe, expect, it } from "vitest";
import { FIRST_PROMPT_MAX } from "./content-text.js";
import type { StoreError } from "./errors.js";
import { captureError, useTempStores } from "./test-helpers.js";
import type { MessageContent } from "./types.js";

const { tempStore } = useTempStores();

function conversation(n: number): { role: "user" | "assistant"; content: MessageContent }[] {
  return Array.from({ length: n }, (_, i) =>
    i % 2 === 0
      ? { role: "user" as const, content: `question ${i}` }
      : {
          role: "assistant" as const,
          content: [
            { type: "text", text: `answer ${i}` },
            { type: "tool_use", id: `t${i}`, name: "Read", input: { path: `/f${i}` } },
          ],
        },
  );
}

describe("messages", () => {
  it("appends with consecutive indexes and keeps the first prompt", () => {
    const { store } = tempStore();
    const id = store.createSession({ cwd: "/w" }).id;
    store.appendMessage(id, {
      role: "user",
      content: [{ type: "tool_result", tool_use_id: "x", content: "not a prompt" }],
    });
    const long = `  Please   refactor\n${"x".repeat(500)}`;
    expect(
      store.appendMessage(id, { role: "user", content: [{ type: "text", text: long }], seq: 4 }).idx,
    ).toBe(1);
    expect(store.appendMessage(id, { role: "user", content: "second prompt" }).idx).toBe(2);
    const s = store.getSession(id);
    expect(s?.messageCount).toBe(3);
    expect(store.messageCount(id)).toBe(3);
    expect(s?.firstPrompt?.startsWith("Please refactor x")).toBe(true);
    expect(s?.firstPrompt?.length).toBe(FIRST_PROMPT_MAX);
    expect(store.messagesPage(id, { fromIdx: 1, limit: 1 })[0]).toMatchObject({
      idx: 1,
      seq: 4,
      role: "user",
    });
  });

  it("pages and loads history", () => {
    const { store } = tempStore();
    const id = store.createSession({ cwd: "/w" }).id;
    const msgs = conversation(9);
    for (const m of msgs) store.appendMessage(id, m);
    expect(store.messagesPage(id, { fromIdx: 0, limit: 4 }).map((m) => m.idx)).toEqual([0, 1, 2, 3]);
    expect(store.messagesPage(id, { fromIdx: 8, limit: 4 }).map((m) => m.content)).toEqual(["question 8"]);
    expect(store.loadHistory(id)).toEqual(msgs);
    expect(store.loadHistory(id, { upToIdx: 2 })).toEqual(msgs.slice(0, 3));
    expect(store.loadHistory("missing")).toEqual([]);
  });

  it("validates role and content", () => {
    const { store } = tempStore();
    const id = store.createSession({ cwd: "/w" }).id;
    const bad = [
      () => store.appendMessage(id, { role: "system" as never, content: "x" }),
      () => store.appendMessage(id, { role: "user", content: 42 as never }),
      () => store.appendMessage(id, { role: "user", content: [1, 2] as never }),
      () => store.appendMessage(id, { role: "user", content: [{ text: "no type" }] }),
    ];
    for (const call of bad) expect((captureError(call) as StoreError).code).toBe("STORE_INVALID");
    expect(
      (captureError(() => store.appendMessage("nope", { role: "user", content: "x" })) as StoreError).code,
    ).toBe("STORE_NOT_FOUND");
    expect(store.messageCount(id)).toBe(0);
  });

  it("forks: copies history up to a point, and the copies are independent", () => {
    const { store } = tempStore();
    const src = store.createSession({ cwd: "/w", title: "original", model: "sonnet" });
    const msgs = conversation(6);
    msgs.forEach((m, i) => {
      const { seq } = store.appendEvent(src.id, "message", { i });
      store.appendMessage(src.id, { ...m, seq });
    });

    const full = store.forkSession({ sourceId: src.id });
    expect(full).toMatchObject({
      parentId: src.id,
      forkedFromSeq: 6,
      messageCount: 6,
      title: "original",
      lastSeq: 0,
    });
    expect(store.loadHistory(full.id)).toEqual(msgs);

    const part = store.forkSession({ sourceId: src.id, upToIdx: 2, title: "branch", id: "fork-1" });
    expect(part).toMatchObject({ id: "fork-1", forkedFromSeq: 3, messageCount: 3, title: "branch" });
    expect(part.firstPrompt).toBe("question 0");
    expect(store.loadHistory(part.id)).toEqual(msgs.slice(0, 3));

    store.appendMessage(part.id, { role: "assistant", content: "diverged" });
    expect(store.messageCount(src.id)).toBe(6);
    expect(store.deleteSession(src.id)).toBe(true);
    expect(store.loadHistory(part.id).map((m) => m.content)).toEqual([
      ...msgs.slice(0, 3).map((m) => m.content),
      "diverged",
    ]);
    expect(store.searchMessages("question", { limit: 50 }).every((h) => h.sessionId !== src.id)).toBe(true);
  });

  it("copyMessages appends after existing messages and refuses self-copies", () => {
    const { store } = tempStore();
    const a = store.createSession({ cwd: "/w" }).id;
    const b = store.createSession({ cwd: "/w" }).id;
    for (const m of conversation(3)) store.appendMessage(a, m);
    store.appendMessage(b, { role: "user", content: "already here" });
    expect(store.copyMessages(a, b, 1)).toBe(2);
    expect(store.messagesPage(b, { fromIdx: 0, limit: 10 }).map((m) => [m.idx, m.seq])).toEqual([
      [0, null],
      [1, null],
      [2, null],
    ]);
    expect(store.getSession(b)?.firstPrompt).toBe("already here");
    expect((captureError(() => store.copyMessages(a, a)) as StoreError).code).toBe("STORE_INVALID");
    expect((captureError(() => store.copyMessages(a, "missing")) as StoreError).code).toBe("STORE_NOT_FOUND");
  });
});
