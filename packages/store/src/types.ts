// Public row and argument types. Times are epoch milliseconds from the store's clock; ids are
// strings (sessions: UUIDs) except the integer ids of append-only ledgers (usage, audit).
import type Database from "better-sqlite3";

/** What every module gets: the open connection and the injectable clock. */
export interface StoreContext {
  readonly db: Database.Database;
  readonly now: () => number;
}

export type SessionStatus = "idle" | "running" | "interrupted" | "closed";

/** Alias kept for callers written against the first draft of this API. */
export type SessionRow = SessionRecord;

export interface SessionRecord {
  id: string;
  cwd: string;
  projectRoot: string | null;
  title: string | null;
  model: string | null;
  createdAt: number;
  /** Last activity (event, message or touch); retention counts inactivity from here. */
  updatedAt: number;
  status: SessionStatus;
  /** The session this one was forked from (may since have been deleted). */
  parentId: string | null;
  forkedFromSeq: number | null;
  lastSeq: number;
  messageCount: number;
  /** Approximate stored size: characters of event payloads and message content. */
  bytes: number;
  /** The first user prompt, whitespace-collapsed and cut to FIRST_PROMPT_MAX characters. */
  firstPrompt: string | null;
}

export interface CreateSessionInput {
  id?: string;
  cwd: string;
  projectRoot?: string | null;
  model?: string | null;
  title?: string | null;
  parentId?: string | null;
  forkedFromSeq?: number | null;
  status?: SessionStatus;
}

/** undefined leaves a field alone; null clears a nullable one. Does not change updatedAt. */
export interface SessionPatch {
  cwd?: string;
  projectRoot?: string | null;
  title?: string | null;
  model?: string | null;
  status?: SessionStatus;
  firstPrompt?: string | null;
}

export interface ListSessionsOptions {
  cwd?: string;
  /** 1..1000 */
  limit: number;
  /** Opaque; from a previous page's nextCursor. */
  cursor?: string;
}

export interface SessionPage {
  sessions: SessionRecord[];
  /** Present when more rows may follow. */
  nextCursor?: string;
}

export interface AppendedEvent {
  seq: number;
  createdAt: number;
}

export interface EventInput {
  type: string;
  payload: unknown;
}

export interface StoredEvent {
  seq: number;
  type: string;
  payload: unknown;
  createdAt: number;
}

/** Anthropic content block (text, tool_use, tool_result, image, thinking, ...), as read back. */
export interface ContentBlock {
  type: string;
  [key: string]: unknown;
}

export type MessageContent = string | ContentBlock[];
export type MessageRole = "user" | "assistant";

/**
 * What appendMessage accepts: a string or any array of blocks with a string `type` (the SDK's
 * MessageParam content fits as is). The store keeps blocks opaque apart from extracting text.
 */
export type MessageContentInput = string | readonly object[];

export interface MessageInput {
  role: MessageRole;
  content: MessageContentInput;
  /** seq of the event that completed this message, when there is one. */
  seq?: number | null;
}

export interface StoredMessage {
  idx: number;
  role: MessageRole;
  content: MessageContent;
  createdAt: number;
  seq: number | null;
}

/** The conversation as the model sees it. */
export interface HistoryMessage {
  role: MessageRole;
  content: MessageContent;
}

export interface ForkSessionInput {
  sourceId: string;
  /** Last message index to copy (inclusive); default: all. */
  upToIdx?: number;
  id?: string;
  cwd?: string;
  title?: string | null;
  model?: string | null;
}
