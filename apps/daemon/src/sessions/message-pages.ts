// Pages of a live session's conversation for snapshots and `session/messages`: from the store
// when the session is persisted, from the agent's own history when it is not.
import type { StoredMessage } from "@berth/protocol";
import type { Store } from "@berth/store";

export interface MessagePage {
  messages: StoredMessage[];
  total: number;
}

/** Messages of an unpersisted session, from the agent's history (nothing is stored). */
export function historyPage(
  history: readonly { role: string; content: unknown }[],
  fromIdx: number | undefined,
  limit: number,
  createdAt: number,
): MessagePage {
  const start = fromIdx ?? Math.max(0, history.length - limit);
  const messages = history.slice(start, start + limit).map((m, i) => ({
    idx: start + i,
    role: m.role as StoredMessage["role"],
    content: m.content as StoredMessage["content"],
    createdAt,
  }));
  return { messages, total: history.length };
}

/** The last `limit` messages of a persisted session. */
export function storedTail(store: Store, sessionId: string, limit: number): MessagePage {
  const total = store.messageCount(sessionId);
  const fromIdx = Math.max(0, total - limit);
  return { messages: store.messagesPage(sessionId, { fromIdx, limit }) as StoredMessage[], total };
}
