import { z } from "zod";
import { lazy } from "./lazy-table";
import { ContentBlock, SessionInfo, SessionStatus } from "./common";

/**
 * Methods about stored history: forking, titles, paged transcripts, search, export, deletion and
 * retention (part of the one method table; `methods.ts` spreads them in).
 */

const SessionId = lazy(() => z.string().min(1).max(128));
const SessionRef = lazy(() => z.object({ sessionId: SessionId() }));

export const StoredMessage = lazy(() =>
  z.object({
    idx: z.number().int().nonnegative().describe("Position in the conversation, 0-based."),
    role: z.enum(["user", "assistant"]),
    content: z.union([z.string(), z.array(ContentBlock())]),
    createdAt: z.number(),
  }),
);
export type StoredMessage = z.infer<ReturnType<typeof StoredMessage>>;

/** The turn in flight when a snapshot was taken: what a late joiner needs to draw it. */
export const PartialTurn = lazy(() =>
  z.object({
    turnId: z.string(),
    messageId: z.string().nullable().describe("The assistant message being streamed, if any."),
    text: z.string().describe("Assistant text streamed so far in that message."),
    tool: z
      .object({ toolUseId: z.string(), name: z.string() })
      .nullable()
      .describe("The tool call running now, if any."),
  }),
);
export type PartialTurn = z.infer<ReturnType<typeof PartialTurn>>;

/**
 * Sent instead of a replay when the client's cursor is too old (more than `maxReplay` events
 * behind): the end of the conversation plus the turn in flight; live events follow from seq + 1.
 */
export const SessionSnapshot = lazy(() =>
  z.object({
    seq: z.number().int().nonnegative().describe("The snapshot covers every event up to this seq."),
    reason: z.string(),
    status: SessionStatus,
    messageCount: z.number().int().nonnegative(),
    recentMessages: z
      .array(StoredMessage())
      .describe("The last complete messages (a bounded number); older ones via `session/messages`."),
    partial: PartialTurn().nullable(),
  }),
);
export type SessionSnapshot = z.infer<ReturnType<typeof SessionSnapshot>>;

export const SearchHit = lazy(() =>
  z.object({
    sessionId: z.string(),
    idx: z.number().int(),
    snippet: z.string(),
    rank: z.number(),
    title: z.string().nullable(),
    cwd: z.string(),
  }),
);
export type SearchHit = z.infer<ReturnType<typeof SearchHit>>;

export type ExpiredSession = z.infer<ReturnType<typeof ExpiredSession>>;
export const ExpiredSession = lazy(() =>
  z.object({
    id: z.string(),
    cwd: z.string(),
    title: z.string().nullable(),
    firstPrompt: z.string().nullable(),
    updatedAt: z.number(),
    messageCount: z.number().int(),
    bytes: z.number().int(),
  }),
);

export const SweepSummary = lazy(() =>
  z.object({
    trigger: z.enum(["start", "periodic", "manual"]),
    startedAt: z.number(),
    finishedAt: z.number(),
    cleanupPeriodDays: z.number().int(),
    removedSessions: z.number().int(),
    removedEvents: z.number().int(),
    removedMessages: z.number().int(),
    batches: z.number().int(),
    maxStallMs: z.number().describe("Longest single batch, i.e. the longest the event loop was held."),
    error: z.string().optional(),
  }),
);
export type SweepSummary = z.infer<ReturnType<typeof SweepSummary>>;

/** How a connecting client relates to the daemon's start-up retention sweep (see `initialize`). */
export const RetentionIntent = lazy(() => z.enum(["sweep", "defer", "confirm"]));
export type RetentionIntent = z.infer<ReturnType<typeof RetentionIntent>>;

/** A sweep held back until the user agrees: cleanupPeriodDays was lowered and it would remove many sessions. */
export const RetentionConfirmation = lazy(() =>
  z.object({
    count: z.number().int().positive().describe("Sessions the sweep would delete."),
    cleanupPeriodDays: z.number().int().positive(),
    previousDays: z
      .number()
      .int()
      .positive()
      .nullable()
      .describe("The period the last sweep used (null: no sweep recorded yet)."),
    source: z.string().describe("The settings file that set the period, or `default`."),
  }),
);
export type RetentionConfirmation = z.infer<ReturnType<typeof RetentionConfirmation>>;

const RetentionSettings = lazy(() =>
  z.object({
    cleanupPeriodDays: z.number().int().positive(),
    source: z.string().describe("Where the period came from: a settings file path, or `default`."),
    problems: z.array(z.string()).describe("Settings problems (e.g. cleanupPeriodDays: 0 rejected)."),
  }),
);

export const historyMethods = {
  "session/fork": () => ({
    params: SessionRef().extend({
      upToIdx: z
        .number()
        .int()
        .nonnegative()
        .optional()
        .describe("Last message to copy (inclusive); default: the whole conversation."),
      title: z.string().max(200).optional(),
    }),
    result: z.object({ session: SessionInfo() }),
    doc: "Creates a new stored session whose history is a copy of another's (up to a message). Resume it with `session/resume`.",
  }),
  "session/setTitle": () => ({
    params: SessionRef().extend({ title: z.string().max(200).nullable() }),
    result: z.object({ session: SessionInfo() }),
    doc: "Sets (or with null clears) a session's title.",
  }),
  "session/messages": () => ({
    params: SessionRef().extend({
      fromIdx: z
        .number()
        .int()
        .nonnegative()
        .optional()
        .describe("First message index; omitted: the last `limit` messages."),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    result: z.object({
      messages: z.array(StoredMessage()),
      total: z.number().int().nonnegative(),
      fromIdx: z.number().int().nonnegative(),
      nextIdx: z.number().int().nullable().describe("Index of the next page, null at the end."),
    }),
    doc: "One page of a session's stored conversation (complete messages), for drawing a resumed transcript without loading it all.",
  }),
  "history/search": () => ({
    params: z.object({
      query: z.string().min(1).max(1000),
      cwd: z.string().optional().describe("Only sessions started in this folder."),
      limit: z.number().int().min(1).max(200).default(20),
      highlight: z
        .tuple([z.string().max(16), z.string().max(16)])
        .optional()
        .describe("Markers around matches in snippets; default `[` `]`."),
    }),
    result: z.object({ hits: z.array(SearchHit()) }),
    doc: "Full-text search (SQLite FTS5) over every stored message, best match first, with snippets. Words are ANDed; the last one matches as a prefix.",
  }),
  "history/export": () => ({
    params: SessionRef().extend({
      format: z.enum(["jsonl", "markdown"]).default("jsonl"),
      cursor: z.string().optional().describe("From the previous chunk's nextCursor."),
      maxBytes: z
        .number()
        .int()
        .min(4096)
        .max(2 * 1024 * 1024)
        .default(512 * 1024)
        .describe("Soft size of one chunk; a single message larger than this still comes whole."),
    }),
    result: z.object({ data: z.string(), nextCursor: z.string().nullable() }),
    doc: "Exports a session in chunks (bounded memory on both ends); concatenate `data` until `nextCursor` is null. JSONL: a `session` header line, then one `message` line per message (see docs/architecture.md).",
  }),
  "history/delete": () => ({
    params: z
      .object({
        sessionId: SessionId().optional(),
        cwd: z.string().min(1).optional().describe("Every session started in this folder."),
        all: z.literal(true).optional().describe("Every stored session."),
        force: z
          .boolean()
          .default(false)
          .describe("Also delete sessions loaded in the daemon (they are closed first)."),
      })
      .refine((p) => [p.sessionId, p.cwd, p.all].filter((v) => v !== undefined).length === 1, {
        message: "Give exactly one of sessionId, cwd or all.",
      }),
    result: z.object({
      removedSessions: z.number().int(),
      ids: z.array(z.string()),
      skipped: z.array(z.object({ sessionId: z.string(), reason: z.string() })),
    }),
    doc: "Deletes sessions and everything stored for them. Sessions loaded in the daemon are skipped (and listed) unless `force`.",
  }),
  "history/prune": () => ({
    params: z.object({
      dryRun: z.boolean().default(false),
      limit: z.number().int().min(1).max(1000).default(100).describe("How many sessions to list."),
    }),
    result: RetentionSettings().extend({
      dryRun: z.boolean(),
      count: z.number().int().describe("Sessions that are (dry run) or were expired."),
      sessions: z.array(ExpiredSession()).describe("Dry run: the oldest `limit` of them."),
      sweep: SweepSummary().nullable().describe("Not a dry run: the sweep that ran."),
    }),
    doc: "Retention: lists (dryRun) or deletes sessions inactive for longer than cleanupPeriodDays. Live sessions are never taken.",
  }),
  "history/confirmSweep": () => ({
    params: z.object({
      approve: z
        .boolean()
        .describe("true: run the pending sweep now; false: keep everything until the daemon restarts."),
    }),
    result: z.object({ sweep: SweepSummary().nullable().describe("The sweep that ran, when approved.") }),
    doc: "Answers a `retentionConfirmation` from `initialize`. Declining postpones the sweep until the daemon next starts (when the user is asked again); nothing is deleted meanwhile.",
  }),
  "history/retention": () => ({
    params: z.object({}).default({}),
    result: RetentionSettings().extend({
      intervalMs: z.number().int(),
      lastSweep: SweepSummary().nullable(),
      nextSweepAt: z.number().nullable(),
    }),
    doc: "The retention period in force (and where it came from) and the last sweep.",
  }),
} as const;
