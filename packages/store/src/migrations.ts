// Schema migrations: an ordered list of SQL steps. `PRAGMA user_version` records how many have
// been applied; each step runs in its own transaction together with the version bump, so a crash
// mid-migration leaves the previous version intact. Never edit a shipped step: append a new one.
import type Database from "better-sqlite3";
import { StoreError, corrupt } from "./errors.js";

/** 'BRTH' — marks the file as a Berth database so we never migrate someone else's SQLite file. */
export const APPLICATION_ID = 0x42525448;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial schema",
    sql: `
      -- deleted_at is a tombstone: a deleted session disappears from every read at once, while its
      -- (possibly large) rows are purged afterwards in short, bounded transactions.
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY NOT NULL,
        cwd TEXT NOT NULL,
        project_root TEXT,
        title TEXT,
        model TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'idle' CHECK (status IN ('idle', 'running', 'interrupted', 'closed')),
        parent_id TEXT,
        forked_from_seq INTEGER,
        last_seq INTEGER NOT NULL DEFAULT 0,
        message_count INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0,
        first_prompt TEXT,
        deleted_at INTEGER
      );
      -- Cursor pagination (updated_at DESC, id DESC) overall and per folder, and the retention
      -- range scan (updated_at < cutoff), are all index range scans.
      CREATE INDEX sessions_by_activity ON sessions (updated_at DESC, id DESC);
      CREATE INDEX sessions_by_cwd ON sessions (cwd, updated_at DESC, id DESC);
      CREATE INDEX sessions_tombstones ON sessions (deleted_at, id) WHERE deleted_at IS NOT NULL;

      -- A rowid table with a (session_id, seq) unique index rather than WITHOUT ROWID: payloads can
      -- be large (tool output), and WITHOUT ROWID is only recommended for small rows.
      CREATE TABLE events (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, seq)
      );

      -- text is the searchable plain text extracted from content (see content-text.ts); it is the
      -- external content of messages_fts, so snippet() can read it back.
      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
        content TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        seq INTEGER,
        UNIQUE (session_id, idx)
      );

      CREATE VIRTUAL TABLE messages_fts USING fts5 (
        text, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.text <> '' BEGIN
        INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.text <> '' BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.id, old.text WHERE old.text <> '';
        INSERT INTO messages_fts (rowid, text) SELECT new.id, new.text WHERE new.text <> '';
      END;

      -- The cost ledger outlives sessions: deleting a session anonymises its usage rows
      -- (session_id -> NULL) so daily/monthly spend limits and reports stay correct.
      CREATE TABLE usage (
        id INTEGER PRIMARY KEY,
        session_id TEXT REFERENCES sessions (id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        model TEXT NOT NULL,
        provider TEXT NOT NULL,
        credential_id TEXT,
        project TEXT,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cache_creation_input_tokens INTEGER NOT NULL DEFAULT 0,
        cache_read_input_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        duration_ms INTEGER
      );
      CREATE INDEX usage_by_time ON usage (created_at);
      CREATE INDEX usage_by_session ON usage (session_id);

      -- Audit rows carry input summaries (commands, paths): transcript content, so they are
      -- deleted with their session. Decisions without a session are kept.
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        session_id TEXT REFERENCES sessions (id) ON DELETE CASCADE,
        tool TEXT NOT NULL,
        input_summary TEXT NOT NULL DEFAULT '',
        decision TEXT NOT NULL CHECK (decision IN ('allow', 'ask', 'deny')),
        outcome TEXT,
        reason TEXT,
        rule TEXT,
        source TEXT
      );
      CREATE INDEX audit_by_session ON audit (session_id, id);

      CREATE TABLE trust (
        folder TEXT PRIMARY KEY NOT NULL,
        trusted INTEGER NOT NULL CHECK (trusted IN (0, 1)),
        trusted_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE mcp_approvals (
        project TEXT NOT NULL,
        server_name TEXT NOT NULL,
        definition_hash TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
        decided_at INTEGER NOT NULL,
        PRIMARY KEY (project, server_name)
      ) WITHOUT ROWID;

      CREATE TABLE retention_log (
        id INTEGER PRIMARY KEY,
        ran_at INTEGER NOT NULL,
        removed_sessions INTEGER NOT NULL,
        removed_events INTEGER NOT NULL,
        details TEXT NOT NULL DEFAULT '{}'
      );
    `,
  },
  {
    version: 2,
    name: "usage: priced flag, credential label, cost report index",
    sql: `
      -- Requests to models without a known price are counted but marked, so reports say
      -- "price unknown" instead of summing them as $0.
      ALTER TABLE usage ADD COLUMN priced INTEGER NOT NULL DEFAULT 1;
      -- Where the credential came from (env:ANTHROPIC_API_KEY, apiKeyHelper, ...); never the secret.
      ALTER TABLE usage ADD COLUMN credential_label TEXT;
      -- Covers every column a cost report sums, so a year of rows is read from the index alone.
      CREATE INDEX usage_report ON usage (created_at, cost_usd, priced, input_tokens, output_tokens,
        cache_creation_input_tokens, cache_read_input_tokens);
    `,
  },
  {
    version: 3,
    name: "mcp approval fingerprint",
    // What was approved (secret values hashed), so a re-approval prompt can say what changed.
    sql: "ALTER TABLE mcp_approvals ADD COLUMN fingerprint TEXT;",
  },
  {
    version: 4,
    name: "full-text index fed in batches",
    // FTS5 writes a new index segment for every transaction that adds to it: ~8 pages per
    // message, the largest part of a step's commit. New messages are only queued here (one
    // small row) and indexed together by indexPendingMessages (after a turn, and before every
    // search, so search results stay complete). A queued row is not in the index yet, so its
    // delete or update must not remove it from there (that would corrupt the index).
    sql: `
      CREATE TABLE messages_fts_pending (id INTEGER PRIMARY KEY);
      DROP TRIGGER messages_fts_insert;
      DROP TRIGGER messages_fts_delete;
      DROP TRIGGER messages_fts_update;
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.text <> '' BEGIN
        INSERT INTO messages_fts_pending (id) VALUES (new.id);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.text <> '' BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.id, old.text
          WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = old.id);
        DELETE FROM messages_fts_pending WHERE id = old.id;
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.id, old.text
          WHERE old.text <> '' AND NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = old.id);
        DELETE FROM messages_fts_pending WHERE id = old.id;
        INSERT INTO messages_fts_pending (id) SELECT new.id WHERE new.text <> '';
      END;
    `,
  },
  {
    version: 5,
    name: "drop the usage time index",
    // usage_report leads with created_at too, so every range query has an index either way
    // (checked with EXPLAIN QUERY PLAN); this one only cost a page write per model request.
    sql: "DROP INDEX usage_by_time;",
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Throws unless the file is empty, a Berth database, or a Berth database we know how to migrate. */
export function checkCompatible(db: Database.Database, path: string): number {
  const version = db.pragma("user_version", { simple: true }) as number;
  const appId = db.pragma("application_id", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      "STORE_NEWER_SCHEMA",
      `The Berth database at ${path} was created by a newer version of Berth (schema ${version}; this version knows up to ${SCHEMA_VERSION}). ` +
        "It was not modified. Upgrade Berth to use it.",
    );
  }
  const tables = db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get() as number;
  if ((appId !== 0 && appId !== APPLICATION_ID) || (appId === 0 && tables > 0)) {
    throw corrupt(path, undefined, "it holds another application's SQLite data");
  }
  return version;
}

/** Applies every pending migration. Each step and its version bump commit together. */
export function migrate(db: Database.Database, path: string): void {
  for (const migration of MIGRATIONS) {
    const step = db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      const current = checkCompatible(db, path);
      if (current >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${migration.version}`);
    });
    step.immediate();
  }
}
