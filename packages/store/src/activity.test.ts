import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ACTIVITY_RESOLUTION_MS } from "./activity.js";
import { useTempStores } from "./test-helpers.js";

const { tempStore } = useTempStores();

describe("activity stamps from appends", () => {
  it("leave the single most recent session's stamp alone within the resolution, then move it", () => {
    const { store, clock } = tempStore();
    const a = store.createSession({ cwd: "/w" });
    const created = a.updatedAt;
    clock.advance(10);
    store.appendEvent(a.id, "assistant.delta", { text: "x" });
    store.appendMessage(a.id, { role: "assistant", content: "x" });
    expect(store.getSession(a.id)?.updatedAt).toBe(created);
    clock.advance(ACTIVITY_RESOLUTION_MS);
    store.appendEvent(a.id, "assistant.delta", { text: "y" });
    expect(store.getSession(a.id)?.updatedAt).toBe(clock.t);
    clock.advance(ACTIVITY_RESOLUTION_MS);
    store.appendMessage(a.id, { role: "user", content: "z" });
    expect(store.getSession(a.id)?.updatedAt).toBe(clock.t);
    // touch is always exact.
    clock.advance(1);
    store.touch(a.id);
    expect(store.getSession(a.id)?.updatedAt).toBe(clock.t);
  });

  it("stamp at once when another session is as recent, so listing order is as with exact stamps", () => {
    const { store, clock } = tempStore();
    const a = store.createSession({ cwd: "/w" });
    const b = store.createSession({ cwd: "/elsewhere" }); // same millisecond: a tie
    clock.advance(5);
    store.appendMessage(a.id, { role: "user", content: "hi" });
    expect(store.getSession(a.id)?.updatedAt).toBe(clock.t);
    expect(store.listSessions({ limit: 10 }).sessions.map((s) => s.id)).toEqual([a.id, b.id]);
    clock.advance(5);
    store.appendEvent(b.id, "user", {});
    expect(store.listSessions({ limit: 10 }).sessions.map((s) => s.id)).toEqual([b.id, a.id]);
  });

  it("do not rewrite the activity indexes while they are skipped", () => {
    const { store, clock } = tempStore();
    const a = store.createSession({ cwd: "/w" });
    const probe = new Database(store.path);
    try {
      probe.pragma("wal_checkpoint(TRUNCATE)");
      clock.advance(10);
      store.appendEvent(a.id, "x", 1);
      // Pages named in the WAL since the checkpoint: read back through the frame headers.
      const walPages = new Set<number>();
      const wal = readFileSync(`${store.path}-wal`);
      const pageSize = probe.pragma("page_size", { simple: true }) as number;
      for (let o = 32; o + 24 <= wal.length; o += 24 + pageSize) walPages.add(wal.readUInt32BE(o));
      const owners = probe
        .prepare("SELECT pageno FROM dbstat WHERE name IN ('sessions_by_activity', 'sessions_by_cwd')")
        .pluck()
        .all() as number[];
      expect(owners.length).toBeGreaterThan(0);
      expect(owners.filter((p) => walPages.has(p))).toEqual([]);
      expect(walPages.size).toBeGreaterThan(0);
    } finally {
      probe.close();
    }
  });
});
