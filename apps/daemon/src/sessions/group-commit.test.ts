import { join } from "node:path";
import type { SessionEvent, SessionEventNotification } from "@berth/protocol";
import { openStore, type Store } from "@berth/store";
import { makeTempDir } from "@berth/testkit";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { EventLog } from "./event-log";
import { GroupCommit } from "./group-commit";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanups.splice(0).reverse()) fn();
});

const notice = (message: string): SessionEvent => ({ type: "notice", level: "info", message });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function setup(sessionId?: string) {
  const dir = makeTempDir("berth-group-commit-");
  const path = join(dir.path, "berth.db");
  const store: Store = openStore({ path });
  // A second connection sees only what has committed, as a crash-restarted daemon would.
  const other = new Database(path, { readonly: true });
  cleanups.push(
    () => dir.cleanup(),
    () => store.close(),
    () => other.close(),
  );
  const id = sessionId ?? store.createSession({ cwd: dir.path }).id;
  const committedSeqs = () =>
    other.prepare("SELECT seq FROM events WHERE session_id = ? ORDER BY seq").pluck().all(id) as number[];
  const log = new EventLog(id, store, 0);
  const published: Array<{ note: SessionEventNotification; committedThen: number[] }> = [];
  const failures: unknown[] = [];
  const commits = new GroupCommit(id, store, log, {
    publish: (note) => published.push({ note, committedThen: committedSeqs() }),
    failed: (error) => failures.push(error),
    committed: () => {},
    sideWriteFailed: (_what, error) => failures.push(error),
  });
  return { store, id, log, commits, published, failures, committedSeqs, other };
}

describe("GroupCommit", () => {
  it("writes what is emitted before the event loop turns in one transaction, and sends it only after", async () => {
    const t = setup();
    t.commits.event(notice("one"));
    t.commits.message({ role: "user", content: "hello" });
    t.commits.event(notice("two"));
    // Nothing is stored, numbered or sent before the commit.
    expect(t.committedSeqs()).toEqual([]);
    expect(t.published).toEqual([]);
    expect(t.log.lastSeq).toBe(0);
    await nextTurn();
    expect(t.published.map((p) => p.note.seq)).toEqual([1, 2]);
    // Every event was already visible to another connection when it was sent.
    for (const p of t.published) expect(p.committedThen).toContain(p.note.seq);
    expect(t.log.lastSeq).toBe(2);
    expect(t.store.loadHistory(t.id)).toEqual([{ role: "user", content: "hello" }]);
  });

  it("commits pending events together with a write that must be on disk before the caller goes on", () => {
    const t = setup();
    t.commits.event(notice("tool call"));
    const usage = t.commits.commitWith(() => t.store.messageCount(t.id));
    expect(usage).toBe(0);
    expect(t.committedSeqs()).toEqual([1]);
    expect(t.published.map((p) => p.note.seq)).toEqual([1]);
  });

  it("keeps the batch when a side write fails on its own", async () => {
    const t = setup();
    t.commits.event(notice("kept"));
    t.commits.write("broken row", () => {
      throw new Error("no such thing");
    });
    await nextTurn();
    expect(t.committedSeqs()).toEqual([1]);
    expect(t.failures).toHaveLength(1);
  });

  it("sends nothing the store refused, and then throws to the next writer until a write works", async () => {
    const t = setup("no-such-session");
    t.commits.event(notice("lost"));
    await nextTurn();
    expect(t.published).toEqual([]);
    expect(t.failures).toHaveLength(1);
    expect(t.log.lastSeq).toBe(0);
    expect(() => t.commits.event(notice("refused at once"))).toThrow(/no-such-session|not found/i);
    expect(t.published).toEqual([]);
  });

  it("commits a long burst in parts without waiting for the event loop", () => {
    const t = setup();
    for (let i = 0; i < 501; i++) t.commits.event(notice(`delta ${i}`));
    expect(t.committedSeqs()).toHaveLength(500);
    t.commits.flush();
    expect(t.committedSeqs()).toHaveLength(501);
    expect(t.published.map((p) => p.note.seq)).toEqual(Array.from({ length: 501 }, (_, i) => i + 1));
  });
});
