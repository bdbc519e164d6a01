// Full-text search over message text (FTS5, external content = messages.text). The query is
// user text, so it is never passed to MATCH as-is: every whitespace-separated word becomes a
// quoted phrase (FTS5 operators like AND, OR, NEAR(, *, ^, : lose their meaning), the words are
// ANDed, and the last one is a prefix so results appear while the user is still typing.
import { clampLimit } from "./sessions.js";
import { lazyTable } from "@berth/protocol/lazy-table";
import type { StoreContext } from "./types.js";

export interface SearchHit {
  sessionId: string;
  /** Message index within the session. */
  idx: number;
  /** Matching fragment with matches wrapped in the highlight markers. */
  snippet: string;
  /** FTS5 bm25 rank: lower (more negative) is a better match; hits are sorted best first. */
  rank: number;
  title: string | null;
  cwd: string;
}

export interface SearchOptions {
  /** 1..1000 */
  limit: number;
  /** Only sessions started in this folder. */
  cwd?: string;
  /** Markers around matched terms in the snippet; default '[' and ']'. */
  highlight?: readonly [open: string, close: string];
}

export interface SearchApi {
  /**
   * Never throws on odd input: an empty or unusable query returns no hits. Indexes queued
   * messages first, so every stored message can be found.
   */
  searchMessages(query: string, opts: SearchOptions): SearchHit[];
  /**
   * Adds the messages queued since the last call to the full-text index, in one transaction
   * (one index segment for all of them); returns how many. The daemon calls it after a turn.
   */
  indexPendingMessages(): number;
}

/** Words beyond this are ignored: a pasted essay is not a useful search and costs time. */
export const MAX_QUERY_TERMS = 32;

/** Builds a safe FTS5 MATCH expression, or undefined when the text has nothing searchable. */
export function toFtsQuery(text: string): string | undefined {
  if (typeof text !== "string") return undefined;
  const terms = text
    .normalize("NFKC")
    // NUL ends a C string inside SQLite's query parser ("unterminated string"); drop all controls.
    .replace(/[\p{Cc}\p{Cs}]/gu, " ")
    .split(/\s+/u)
    // A word with no letter or digit tokenizes to nothing; leave it out rather than match nothing.
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .slice(0, MAX_QUERY_TERMS);
  if (terms.length === 0) return undefined;
  return terms.map((t, i) => `"${t.replaceAll('"', '""')}"${i === terms.length - 1 ? "*" : ""}`).join(" ");
}

const SELECT = `SELECT m.session_id AS sessionId, m.idx AS idx,
    snippet(messages_fts, 0, @open, @close, '…', 16) AS snippet,
    messages_fts.rank AS rank, s.title AS title, s.cwd AS cwd
  FROM messages_fts
  JOIN messages m ON m.id = messages_fts.rowid
  JOIN sessions s ON s.id = m.session_id
  WHERE messages_fts MATCH @query AND s.deleted_at IS NULL`;

export function createSearch({ db }: StoreContext): SearchApi {
  const s = lazyTable({
    all: () =>
      db.prepare<[Record<string, unknown>], SearchHit>(`${SELECT} ORDER BY messages_fts.rank LIMIT @limit`),
    cwd: () =>
      db.prepare<[Record<string, unknown>], SearchHit>(
        `${SELECT} AND s.cwd = @cwd ORDER BY messages_fts.rank LIMIT @limit`,
      ),
    pending: () => db.prepare("SELECT count(*) FROM messages_fts_pending").pluck(),
    index: () =>
      db.prepare(
        `INSERT INTO messages_fts (rowid, text)
       SELECT m.id, m.text FROM messages_fts_pending p JOIN messages m ON m.id = p.id`,
      ),
    clear: () => db.prepare("DELETE FROM messages_fts_pending"),
  });
  const indexPending = db.transaction((): number => {
    if ((s.pending.get() as number) === 0) return 0;
    const added = s.index.run().changes;
    s.clear.run();
    return added;
  });

  return {
    indexPendingMessages: () => indexPending.immediate(),
    searchMessages(query, opts) {
      const match = toFtsQuery(query);
      if (match === undefined) return [];
      indexPending.immediate();
      const [open, close] = opts.highlight ?? ["[", "]"];
      const params = { query: match, open, close, limit: clampLimit(opts.limit), cwd: opts.cwd };
      try {
        return opts.cwd === undefined ? s.all.all(params) : s.cwd.all(params);
      } catch (err) {
        // Quoting makes syntax errors impossible in principle; if FTS5 still objects, the user
        // typed something unsearchable, which is "no results", not a failure.
        if (err instanceof Error && /fts5|syntax|unterminated|no such column/i.test(err.message)) return [];
        throw err;
      }
    },
  };
}
