import { join } from "node:path";
import { lazyTable } from "@berth/protocol/lazy-table";
import Database from "better-sqlite3";
import { describe, expect, expectTypeOf, it, vi } from "vitest";
import { openDatabase } from "./db.js";
import { APPEND_SQL } from "./events.js";
import { FakeClock, useTempStores } from "./test-helpers.js";

const { tempDir, open } = useTempStores();

/** The SQL of every statement prepared through better-sqlite3 while `fn` runs, in order. */
function preparedDuring(fn: () => void): string[] {
  const prepare = vi.spyOn(Database.prototype, "prepare");
  try {
    fn();
    return prepare.mock.calls.map(([sql]) => sql);
  } finally {
    prepare.mockRestore();
  }
}

function withDatabase(fn: (db: Database.Database) => void): void {
  const db = openDatabase(join(tempDir(), "berth.db"));
  try {
    fn(db);
  } finally {
    db.close();
  }
}

describe("statements prepared on first use", () => {
  it("reports SQL that does not compile on the read that needs it, and tries again on the next", () => {
    withDatabase((db) => {
      const s = lazyTable({ later: () => db.prepare<[], number>("SELECT count(*) FROM later").pluck() });
      expect(() => s.later).toThrow(/no such table: later/);
      db.exec("CREATE TABLE later (x)");
      expect(s.later.get()).toBe(0);
      expectTypeOf(s.later.get()).toEqualTypeOf<number | undefined>();
    });
  });
});

describe("openStore", () => {
  it("prepares no statement of its own until one is used, and each only once", () => {
    const baseline = preparedDuring(() => openDatabase(join(tempDir(), "berth.db")).close());
    const clock = new FakeClock();
    let store!: ReturnType<typeof open>;
    const atOpen = preparedDuring(() => {
      store = open(join(tempDir(), "home", "berth.db"), clock);
    });
    // Only what opening the file itself prepares (the schema check's throwaway query).
    expect(atOpen).toEqual(baseline);

    const session = store.createSession({ cwd: "/w" });
    const firstAppend = preparedDuring(() => store.appendEvent(session.id, "text", { n: 1 }));
    expect(firstAppend).toEqual(expect.arrayContaining([APPEND_SQL.bump, APPEND_SQL.insert]));
    // bump, insert and the activity mark's rival check; nothing the append did not run.
    expect(firstAppend).toHaveLength(3);

    const laterAppends = preparedDuring(() => {
      store.appendEvent(session.id, "text", { n: 2 });
      store.appendEvents(session.id, [{ type: "text", payload: { n: 3 } }]);
    });
    expect(laterAppends).toEqual([]);
    expect(store.eventsAfter(session.id, 0, 10).map((e) => e.payload)).toEqual([
      { n: 1 },
      { n: 2 },
      { n: 3 },
    ]);
  });
});
