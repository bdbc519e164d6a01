import { createHash } from "node:crypto";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { STORE_ERROR_CODES, StoreError, toStoreError } from "./errors.js";
import { APPLICATION_ID, SCHEMA_VERSION } from "./migrations.js";
import { asUnprivileged, captureError, useTempStores } from "./test-helpers.js";

const { tempDir, tempStore, open } = useTempStores();

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

function raw(path: string, fn: (db: Database.Database) => void) {
  const db = new Database(path);
  try {
    fn(db);
  } finally {
    db.close();
  }
}

describe("openStore", () => {
  it("creates a private folder and file, in WAL mode with foreign keys", () => {
    const { store, path } = tempStore();
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    store.close();
    raw(path, (db) => {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.pragma("application_id", { simple: true })).toBe(APPLICATION_ID);
    });
  });

  it("reopens idempotently: migrations are not re-run and data survives", () => {
    const { store, path } = tempStore();
    const s = store.createSession({ cwd: "/w" });
    store.appendEvent(s.id, "x", { a: 1 });
    store.close();
    for (let i = 0; i < 3; i++) {
      const again = open(path);
      expect(again.getSession(s.id)?.lastSeq).toBe(1);
      expect(again.integrityCheck()).toEqual(["ok"]);
      again.close();
    }
    raw(path, (db) => expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION));
  });

  it("tightens an existing database file that others can read", () => {
    const { store, path } = tempStore();
    store.close();
    chmodSync(path, 0o644);
    open(path).close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("refuses a database from a newer Berth without touching it", () => {
    const { store, path } = tempStore();
    store.createSession({ cwd: "/w" });
    store.close();
    raw(path, (db) => db.pragma(`user_version = ${SCHEMA_VERSION + 1}`));
    const before = sha(path);
    const err = captureError(() => open(path));
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe("STORE_NEWER_SCHEMA");
    expect((err as StoreError).message).toMatch(/Upgrade Berth/);
    expect(sha(path)).toBe(before);
    raw(path, (db) => expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION + 1));
  });

  it("refuses another application's SQLite file and a damaged file", () => {
    const dir = tempDir();
    const foreign = join(dir, "other.db");
    raw(foreign, (db) => db.exec("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine')"));
    const before = sha(foreign);
    expect((captureError(() => open(foreign)) as StoreError).code).toBe("STORE_CORRUPT");
    expect(sha(foreign)).toBe(before);

    const garbage = join(dir, "garbage.db");
    writeFileSync(garbage, Buffer.alloc(8192, 0x5a), { mode: 0o600 });
    const err = captureError(() => open(garbage)) as StoreError;
    expect(err.code).toBe("STORE_CORRUPT");
    expect(err.message).toMatch(/Move it aside/);
  });

  it("reports a read-only database file as STORE_READONLY and loses nothing", () => {
    const { store, path } = tempStore();
    const s = store.createSession({ cwd: "/w" });
    store.appendEvents(
      s.id,
      Array.from({ length: 10 }, (_, i) => ({ type: "t", payload: i })),
    );
    store.close();
    const before = sha(path);
    chmodSync(dirname(dirname(path)), 0o755);
    chmodSync(dirname(path), 0o777);
    chmodSync(path, 0o444);
    const err = asUnprivileged(() => captureError(() => open(path))) as StoreError;
    expect(err.code).toBe("STORE_READONLY");
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/not writable.*chmod u\+w/s);
    expect(sha(path)).toBe(before);

    chmodSync(dirname(path), 0o700);
    chmodSync(path, 0o600);
    const again = open(path);
    expect(again.lastSeq(s.id)).toBe(10);
    expect(again.eventsAfter(s.id, 0, 100)).toHaveLength(10);
  });

  it("reports a read-only folder as STORE_READONLY (WAL needs to create files there)", () => {
    const { store, path } = tempStore();
    const s = store.createSession({ cwd: "/w" });
    store.close();
    chmodSync(dirname(dirname(path)), 0o755);
    chmodSync(dirname(path), 0o555);
    chmodSync(path, 0o666);
    const err = asUnprivileged(() => captureError(() => open(path))) as StoreError;
    expect(err.code).toBe("STORE_READONLY");
    expect(err.message).toMatch(/folder.* is not writable/);

    chmodSync(dirname(path), 0o700);
    chmodSync(path, 0o600);
    expect(open(path).getSession(s.id)?.id).toBe(s.id);
  });

  it("reports an unwritable parent as STORE_READONLY when the folder must be created", () => {
    const dir = tempDir();
    chmodSync(dir, 0o555);
    const err = asUnprivileged(() => captureError(() => open(join(dir, "home", "berth.db")))) as StoreError;
    expect(err.code).toBe("STORE_READONLY");
    expect(existsSync(join(dir, "home"))).toBe(false);
  });

  it("maps SQLITE_FULL to STORE_DISK_FULL (retryable)", () => {
    const path = join(tempDir(), "full.db");
    const db = new Database(path);
    db.exec("CREATE TABLE t (x BLOB)");
    const pages = db.pragma("page_count", { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 1}`);
    const err = captureError(() => db.prepare("INSERT INTO t VALUES (zeroblob(1000000))").run());
    db.close();
    const mapped = toStoreError(err, path) as StoreError;
    expect(mapped.code).toBe("STORE_DISK_FULL");
    expect(mapped.retryable).toBe(true);
    expect(mapped.message).toMatch(/disk .* is full/);
  });

  it("fails with STORE_CLOSED after close(), and close() is idempotent", () => {
    const { store } = tempStore();
    store.close();
    store.close();
    expect((captureError(() => store.createSession({ cwd: "/w" })) as StoreError).code).toBe("STORE_CLOSED");
  });

  it("documents every error code in the README", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const code of Object.keys(STORE_ERROR_CODES)) expect(readme).toContain(`\`${code}\``);
  });
});
