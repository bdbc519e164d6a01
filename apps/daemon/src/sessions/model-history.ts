import type { MessageParam } from "@anthropic-ai/sdk/resources/messages";
import { historyAfterCompaction } from "@berth/agent";
import { type EventOf, SessionEvent } from "@berth/protocol";
import type { Store } from "@berth/store";

export interface ModelHistory {
  /** What the model sees when the conversation goes on. */
  history: MessageParam[];
  /** Messages stored for the session (the stored index of the next one). */
  storedMessages: number;
}

/**
 * The conversation a resumed session continues from. The stored transcript keeps every message
 * (search and export see them all); after a compaction or `/clear` the model goes on from the
 * latest `compaction` event: its summary, then the messages stored from `keptFromIdx` on.
 */
export function modelHistory(store: Store, sessionId: string): ModelHistory {
  const all = store.loadHistory(sessionId) as unknown as MessageParam[];
  const mark = lastCompaction(store, sessionId);
  if (!mark) return { history: all, storedMessages: all.length };
  const kept = all.slice(Math.min(mark.keptFromIdx, all.length));
  const history = mark.summary === null ? kept : historyAfterCompaction(mark.summary, kept);
  return { history, storedMessages: all.length };
}

function lastCompaction(store: Store, sessionId: string): EventOf<"compaction"> | undefined {
  const stored = store.lastEventOfTypes(sessionId, ["compaction"]);
  if (!stored) return undefined;
  const parsed = SessionEvent().safeParse(stored.payload);
  // A damaged marker must not lose the conversation: the whole transcript is still valid history.
  return parsed.success && parsed.data.type === "compaction" ? parsed.data : undefined;
}
