// Session headers: create, read, cursor-paginated listing, updates, deletion (tombstone + bounded
// purge) and crash recovery (running -> interrupted).
import { randomUUID } from "node:crypto";
import { invalid } from "./errors.js";
import { DEFAULT_ROWS_PER_STEP, type Purger } from "./purge.js";
import { lazyTable } from "@berth/protocol/lazy-table";
import type {
  CreateSessionInput,
  ListSessionsOptions,
  SessionPage,
  SessionPatch,
  SessionRecord,
  SessionStatus,
  StoreContext,
} from "./types.js";

export const MAX_PAGE = 1000;

const COLUMNS =
  "id, cwd, project_root, title, model, created_at, updated_at, status, parent_id, forked_from_seq, last_seq, message_count, bytes, first_prompt";

interface SessionRow {
  id: string;
  cwd: string;
  project_root: string | null;
  title: string | null;
  model: string | null;
  created_at: number;
  updated_at: number;
  status: SessionStatus;
  parent_id: string | null;
  forked_from_seq: number | null;
  last_seq: number;
  message_count: number;
  bytes: number;
  first_prompt: string | null;
}

export function toSession(r: SessionRow): SessionRecord {
  return {
    id: r.id,
    cwd: r.cwd,
    projectRoot: r.project_root,
    title: r.title,
    model: r.model,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    status: r.status,
    parentId: r.parent_id,
    forkedFromSeq: r.forked_from_seq,
    lastSeq: r.last_seq,
    messageCount: r.message_count,
    bytes: r.bytes,
    firstPrompt: r.first_prompt,
  };
}

/** Exported for the query-plan tests: each must be an index range scan with no sort step. */
export const LIST_SQL = {
  all: `SELECT ${COLUMNS} FROM sessions WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC LIMIT ?`,
  allAfter: `SELECT ${COLUMNS} FROM sessions WHERE deleted_at IS NULL AND (updated_at, id) < (?, ?) ORDER BY updated_at DESC, id DESC LIMIT ?`,
  cwd: `SELECT ${COLUMNS} FROM sessions WHERE cwd = ? AND deleted_at IS NULL ORDER BY updated_at DESC, id DESC LIMIT ?`,
  cwdAfter: `SELECT ${COLUMNS} FROM sessions WHERE cwd = ? AND deleted_at IS NULL AND (updated_at, id) < (?, ?) ORDER BY updated_at DESC, id DESC LIMIT ?`,
} as const;

const PATCH_COLUMNS: Record<keyof SessionPatch, string> = {
  cwd: "cwd",
  projectRoot: "project_root",
  title: "title",
  model: "model",
  status: "status",
  firstPrompt: "first_prompt",
};

export interface SessionsApi {
  createSession(input: CreateSessionInput): SessionRecord;
  getSession(id: string): SessionRecord | undefined;
  listSessions(opts: ListSessionsOptions): SessionPage;
  /** The most recently active session in a folder (for `--continue`). */
  latestSession(cwd: string): SessionRecord | undefined;
  updateSession(id: string, patch: SessionPatch): SessionRecord | undefined;
  /** Marks activity now (extends retention). Returns false when the session does not exist. */
  touch(id: string): boolean;
  /** Deletes the session and everything stored for it; false when it did not exist. */
  deleteSession(id: string): boolean;
  /**
   * Deletes every session in a folder, or all of them. `{}` without a cwd is refused so a
   * missing argument can never wipe the whole history; pass "all" for that.
   */
  deleteSessions(
    filter: { cwd?: string } | "all",
    opts?: { excludeIds?: ReadonlySet<string> },
  ): { removedSessions: number; ids: string[] };
  /**
   * deleteSessions in steps, for callers that must stay responsive (the daemon): the first next()
   * tombstones every matching session at once (they vanish from all reads), each later next()
   * purges at most `rowsPerBatch` rows. The return value lists what was deleted.
   */
  deleteSessionsStepwise(
    filter: { cwd?: string; ids?: readonly string[] } | "all",
    opts?: { excludeIds?: ReadonlySet<string>; rowsPerBatch?: number },
  ): Generator<{ removedIds: string[]; done: boolean }, { removedSessions: number; ids: string[] }, void>;
  /** After a daemon crash: sessions left 'running' become 'interrupted'; returns their ids. */
  markRunningAsInterrupted(): string[];
}

export function createSessions(ctx: StoreContext, purger: Purger): SessionsApi {
  const { db, now } = ctx;
  const s = lazyTable({
    insert: () =>
      db.prepare(
        `INSERT INTO sessions (id, cwd, project_root, title, model, created_at, updated_at, status, parent_id, forked_from_seq)
       VALUES (@id, @cwd, @projectRoot, @title, @model, @now, @now, @status, @parentId, @forkedFromSeq)
       RETURNING ${COLUMNS}`,
      ),
    get: () =>
      db.prepare<[string], SessionRow>(`SELECT ${COLUMNS} FROM sessions WHERE id = ? AND deleted_at IS NULL`),
    all: () => db.prepare<[number], SessionRow>(LIST_SQL.all),
    allAfter: () => db.prepare<[number, string, number], SessionRow>(LIST_SQL.allAfter),
    cwd: () => db.prepare<[string, number], SessionRow>(LIST_SQL.cwd),
    cwdAfter: () => db.prepare<[string, number, string, number], SessionRow>(LIST_SQL.cwdAfter),
    touch: () =>
      db.prepare<[number, string]>("UPDATE sessions SET updated_at = ? WHERE id = ? AND deleted_at IS NULL"),
    interrupt: () =>
      db
        .prepare<[], string>(
          "UPDATE sessions SET status = 'interrupted' WHERE status = 'running' AND deleted_at IS NULL RETURNING id",
        )
        .pluck(),
    liveIds: () => db.prepare<[], string>("SELECT id FROM sessions WHERE deleted_at IS NULL").pluck(),
    liveIdsIn: () =>
      db.prepare<[string], string>("SELECT id FROM sessions WHERE cwd = ? AND deleted_at IS NULL").pluck(),
  });
  const patchStatements = new Map<string, ReturnType<typeof db.prepare>>();

  const deleteMany = (ids: readonly string[]) => {
    const marked = db.transaction(() => purger.tombstone(ids)).immediate();
    purger.purgeAll(marked);
    return marked;
  };

  return {
    createSession(input) {
      if (!input.cwd) throw invalid("createSession needs a cwd.");
      const row = s.insert.get({
        id: input.id ?? randomUUID(),
        cwd: input.cwd,
        projectRoot: input.projectRoot ?? null,
        title: input.title ?? null,
        model: input.model ?? null,
        now: now(),
        status: input.status ?? "idle",
        parentId: input.parentId ?? null,
        forkedFromSeq: input.forkedFromSeq ?? null,
      }) as SessionRow;
      return toSession(row);
    },

    getSession(id) {
      const row = s.get.get(id);
      return row && toSession(row);
    },

    listSessions({ cwd, limit, cursor }) {
      const n = clampLimit(limit);
      // Fetch one extra row to learn whether another page exists without a COUNT(*).
      let rows: SessionRow[];
      if (cursor) {
        const [u, id] = decodeCursor(cursor);
        rows = cwd === undefined ? s.allAfter.all(u, id, n + 1) : s.cwdAfter.all(cwd, u, id, n + 1);
      } else {
        rows = cwd === undefined ? s.all.all(n + 1) : s.cwd.all(cwd, n + 1);
      }
      const page = rows.slice(0, n).map(toSession);
      const last = page[page.length - 1];
      return rows.length > n && last
        ? { sessions: page, nextCursor: encodeCursor(last) }
        : { sessions: page };
    },

    latestSession(cwd) {
      const row = s.cwd.get(cwd, 1);
      return row && toSession(row);
    },

    updateSession(id, patch) {
      const keys = (Object.keys(PATCH_COLUMNS) as (keyof SessionPatch)[]).filter(
        (k) => patch[k] !== undefined,
      );
      if (keys.length === 0) {
        const row = s.get.get(id);
        return row && toSession(row);
      }
      const sig = keys.join(",");
      let stmt = patchStatements.get(sig);
      if (!stmt) {
        const sets = keys.map((k) => `${PATCH_COLUMNS[k]} = @${k}`).join(", ");
        stmt = db.prepare(
          `UPDATE sessions SET ${sets} WHERE id = @id AND deleted_at IS NULL RETURNING ${COLUMNS}`,
        );
        patchStatements.set(sig, stmt);
      }
      const params: Record<string, unknown> = { id };
      for (const k of keys) params[k] = patch[k];
      const row = stmt.get(params) as SessionRow | undefined;
      return row && toSession(row);
    },

    touch(id) {
      return s.touch.run(now(), id).changes > 0;
    },

    deleteSession(id) {
      return deleteMany([id]).length > 0;
    },

    deleteSessions(filter, opts) {
      if (filter !== "all" && !filter.cwd) throw invalid('deleteSessions needs a cwd, or "all".');
      const ids = filter === "all" ? s.liveIds.all() : s.liveIdsIn.all(filter.cwd as string);
      const exclude = opts?.excludeIds;
      const removed = deleteMany(exclude ? ids.filter((id) => !exclude.has(id)) : ids);
      return { removedSessions: removed.length, ids: removed };
    },

    *deleteSessionsStepwise(filter, opts) {
      let ids: string[];
      if (filter === "all") ids = s.liveIds.all();
      else if (filter.ids) ids = [...filter.ids];
      else if (filter.cwd) ids = s.liveIdsIn.all(filter.cwd);
      else throw invalid('deleteSessionsStepwise needs ids, a cwd, or "all".');
      const exclude = opts?.excludeIds;
      if (exclude) ids = ids.filter((id) => !exclude.has(id));
      const marked = db.transaction(() => purger.tombstone(ids)).immediate();
      const rowBudget = opts?.rowsPerBatch ?? DEFAULT_ROWS_PER_STEP;
      let remaining = marked;
      yield { removedIds: [], done: remaining.length === 0 };
      while (remaining.length > 0) {
        const step = purger.step({ rowBudget, maxSessions: remaining.length, ids: remaining });
        const gone = new Set(step.removedIds);
        remaining = remaining.filter((id) => !gone.has(id));
        // No progress: whatever is left was purged elsewhere (a concurrent sweep); stop.
        if (step.rowsUsed === 0 && gone.size === 0) remaining = [];
        yield { removedIds: step.removedIds, done: remaining.length === 0 };
      }
      return { removedSessions: marked.length, ids: marked };
    },

    markRunningAsInterrupted() {
      return s.interrupt.all();
    },
  };
}

export function clampLimit(limit: number): number {
  if (!Number.isFinite(limit) || limit < 1) throw invalid(`limit must be a positive number, got ${limit}.`);
  return Math.min(Math.floor(limit), MAX_PAGE);
}

function encodeCursor(last: SessionRecord): string {
  return Buffer.from(JSON.stringify([last.updatedAt, last.id])).toString("base64url");
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && typeof v[0] === "number" && typeof v[1] === "string") return [v[0], v[1]];
  } catch {
    // fall through to the error below
  }
  throw invalid("Invalid session list cursor; start again without one.");
}
