import type { SessionEvent } from "@berth/protocol";
import type { Store } from "@berth/store";
import type { Logger } from "../lifecycle/logger";

export const INTERRUPTED_BY_STOP =
  "The daemon stopped during this turn (crash or kill). The conversation continues from the last complete message.";

const TURN_EVENTS = ["turn_started", "turn_completed", "turn_failed", "turn_interrupted"] as const;

/**
 * After a crash: sessions the store still shows as running are marked interrupted, and the turn
 * each was in gets a closing `turn_interrupted` event, so every client replaying the log sees the
 * turn end instead of a stream that stops mid-sentence. Messages need no repair here: only
 * complete messages are stored, and a dangling tool call is answered by the agent on resume.
 */
export function recoverInterruptedSessions(store: Store, logger: Logger): string[] {
  const ids = store.markRunningAsInterrupted();
  for (const id of ids) {
    try {
      const last = store.lastEventOfTypes(id, TURN_EVENTS);
      const payload = last?.payload as SessionEvent | undefined;
      if (payload?.type !== "turn_started") continue;
      const closing: SessionEvent[] = [
        { type: "turn_interrupted", turnId: payload.turnId, reason: INTERRUPTED_BY_STOP },
        { type: "status", status: "interrupted" },
      ];
      store.appendEvents(
        id,
        closing.map((event) => ({ type: event.type, payload: event })),
      );
    } catch (error) {
      // One damaged session must not stop the daemon from starting; resume reports it.
      logger.error({ err: error, session: id }, "could not close the interrupted turn");
    }
  }
  if (ids.length > 0) logger.warn({ sessions: ids }, "closed turns interrupted by a previous crash");
  return ids;
}
