// The conversation as the model sees it, one row per message, indexed 0..n-1 per session.
// Kept apart from the event log because resume and fork need the messages, not the stream of
// deltas that produced them.
import { createActivityMark } from "./activity.js";
import { indexableText, promptText } from "./content-text.js";
import { invalid, notFound } from "./errors.js";
import { encode } from "./events.js";
import { clampLimit, type SessionsApi } from "./sessions.js";
import { lazyTable } from "@berth/protocol/lazy-table";
import type {
  ForkSessionInput,
  HistoryMessage,
  MessageContent,
  MessageInput,
  MessageRole,
  SessionRecord,
  StoreContext,
  StoredMessage,
} from "./types.js";

const LIVE = "EXISTS (SELECT 1 FROM sessions WHERE id = @id AND deleted_at IS NULL)";

/** Exported for the query-plan test: a range scan on the (session_id, idx) unique index. */
export const MESSAGES_PAGE_SQL = `SELECT idx, role, content, created_at, seq FROM messages WHERE session_id = @id AND idx >= @from AND ${LIVE} ORDER BY idx LIMIT @limit`;

interface MessageRow {
  idx: number;
  role: MessageRole;
  content: string;
  created_at: number;
  seq: number | null;
}

export interface MessagesApi {
  /** Appends the next message (idx = previous count). */
  appendMessage(sessionId: string, message: MessageInput): { idx: number; createdAt: number };
  messagesPage(sessionId: string, opts: { fromIdx: number; limit: number }): StoredMessage[];
  messageCount(sessionId: string): number;
  /** The whole conversation (up to and including upToIdx) — what the model needs on resume. */
  loadHistory(sessionId: string, opts?: { upToIdx?: number }): HistoryMessage[];
  /** Appends messages 0..upToIdx (inclusive; default all) of one session to another. */
  copyMessages(fromSessionId: string, toSessionId: string, upToIdx?: number): number;
  /** Creates a new session whose history is a copy of another's (for `--fork-session`). */
  forkSession(input: ForkSessionInput): SessionRecord;
}

export function createMessages(ctx: StoreContext, sessions: SessionsApi): MessagesApi {
  const { db, now } = ctx;
  const markActive = createActivityMark(ctx);
  const s = lazyTable({
    // updated_at is moved by the activity mark (activity.ts), not here: see there why.
    bump: () =>
      db.prepare<[Record<string, unknown>], { message_count: number; updated_at: number }>(
        `UPDATE sessions SET message_count = message_count + 1, bytes = bytes + @bytes,
         first_prompt = COALESCE(first_prompt, @firstPrompt)
       WHERE id = @id AND deleted_at IS NULL RETURNING message_count, updated_at`,
      ),
    insert: () =>
      db.prepare(
        `INSERT INTO messages (session_id, idx, role, content, text, created_at, seq)
       VALUES (@id, @idx, @role, @content, @text, @now, @seq)`,
      ),
    page: () => db.prepare<[Record<string, unknown>], MessageRow>(MESSAGES_PAGE_SQL),
    history: () =>
      db.prepare<[Record<string, unknown>], Pick<MessageRow, "role" | "content">>(
        `SELECT role, content FROM messages WHERE session_id = @id AND idx <= @upTo AND ${LIVE} ORDER BY idx`,
      ),
    count: () =>
      db
        .prepare<[string], number>("SELECT message_count FROM sessions WHERE id = ? AND deleted_at IS NULL")
        .pluck(),
    seqAt: () =>
      db
        .prepare<[string, number], number | null>("SELECT seq FROM messages WHERE session_id = ? AND idx = ?")
        .pluck(),
    copy: () =>
      db.prepare(
        `INSERT INTO messages (session_id, idx, role, content, text, created_at, seq)
       SELECT @to, idx + @offset, role, content, text, created_at, NULL
       FROM messages WHERE session_id = @from AND idx <= @upTo ORDER BY idx`,
      ),
    copiedBytes: () =>
      db
        .prepare<[Record<string, unknown>], number>(
          "SELECT coalesce(sum(length(content)), 0) FROM messages WHERE session_id = @from AND idx <= @upTo",
        )
        .pluck(),
    bumpCopy: () =>
      db.prepare(
        `UPDATE sessions SET message_count = message_count + @n, bytes = bytes + @bytes, updated_at = @now,
         first_prompt = COALESCE(first_prompt, @firstPrompt) WHERE id = @to`,
      ),
  });

  const append = db.transaction((id: string, m: MessageInput) => {
    if (m.role !== "user" && m.role !== "assistant")
      throw invalid(`Unknown message role '${String(m.role)}'.`);
    if (typeof m.content !== "string" && !isBlockArray(m.content)) {
      throw invalid(
        "Message content must be a string or an array of content blocks (objects with a string type).",
      );
    }
    const createdAt = now();
    const content = encode(m.content, "Message content");
    const firstPrompt = m.role === "user" ? promptText(m.content) : null;
    const row = s.bump.get({ id, bytes: content.length, firstPrompt });
    if (!row) throw notFound(`Session ${id}`);
    markActive(id, createdAt, row.updated_at);
    const idx = row.message_count - 1;
    const text = indexableText(m.content);
    s.insert.run({ id, idx, role: m.role, content, text, now: createdAt, seq: m.seq ?? null });
    return { idx, createdAt };
  });

  const copy = db.transaction((from: string, to: string, upToIdx?: number): number => {
    if (from === to) throw invalid("Cannot copy a session's messages into itself.");
    const src = sessions.getSession(from);
    if (!src) throw notFound(`Session ${from}`);
    const dst = sessions.getSession(to);
    if (!dst) throw notFound(`Session ${to}`);
    const upTo = upToIdx ?? src.messageCount - 1;
    const args = { from, to, upTo, offset: dst.messageCount };
    const n = s.copy.run(args).changes;
    if (n > 0) {
      const bytes = s.copiedBytes.get(args);
      s.bumpCopy.run({ to, n, bytes, now: now(), firstPrompt: src.firstPrompt });
    }
    return n;
  });

  const fork = db.transaction((input: ForkSessionInput): SessionRecord => {
    const src = sessions.getSession(input.sourceId);
    if (!src) throw notFound(`Session ${input.sourceId}`);
    const partial = input.upToIdx !== undefined && input.upToIdx < src.messageCount - 1;
    // Which point of the parent's event log the fork corresponds to, when known.
    const forkedFromSeq = partial ? (s.seqAt.get(src.id, input.upToIdx as number) ?? null) : src.lastSeq;
    const created = sessions.createSession({
      ...(input.id !== undefined && { id: input.id }),
      cwd: input.cwd ?? src.cwd,
      projectRoot: src.projectRoot,
      model: input.model === undefined ? src.model : input.model,
      title: input.title === undefined ? src.title : input.title,
      parentId: src.id,
      forkedFromSeq,
    });
    copy(src.id, created.id, input.upToIdx);
    return sessions.getSession(created.id) as SessionRecord;
  });

  return {
    appendMessage: (sessionId, message) => append.immediate(sessionId, message),
    messagesPage(sessionId, { fromIdx, limit }) {
      return s.page.all({ id: sessionId, from: fromIdx, limit: clampLimit(limit) }).map((r) => ({
        idx: r.idx,
        role: r.role,
        content: JSON.parse(r.content) as MessageContent,
        createdAt: r.created_at,
        seq: r.seq,
      }));
    },
    messageCount: (sessionId) => s.count.get(sessionId) ?? 0,
    loadHistory(sessionId, opts) {
      const upTo = opts?.upToIdx ?? Number.MAX_SAFE_INTEGER;
      return s.history.all({ id: sessionId, upTo }).map((r) => ({
        role: r.role,
        content: JSON.parse(r.content) as MessageContent,
      }));
    },
    copyMessages: (from, to, upToIdx) => copy.immediate(from, to, upToIdx),
    forkSession: (input) => fork.immediate(input),
  };
}

function isBlockArray(content: unknown): boolean {
  return (
    Array.isArray(content) &&
    content.every(
      (b) => b !== null && typeof b === "object" && typeof (b as { type?: unknown }).type === "string",
    )
  );
}
