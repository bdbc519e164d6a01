import type { RetentionIntent, SweepSummary } from "@berth/protocol";
import type { Store } from "@berth/store";
import type { Logger } from "../lifecycle/logger";
import { type RetentionPeriod, readRetentionPeriod } from "../retention/retention-period";
import { RetentionState } from "../retention/retention-state";
import { CONFIRM_THRESHOLD, RetentionSweeper, type SweepConsent } from "../retention/sweeper";
import { createHistoryHandlers } from "../server/history-handlers";
import { type Broadcast, NoticeBoard } from "../server/notice-board";
import type { SessionManager } from "../sessions/manager";
import { HistoryService } from "./history-service";

/** How long the client that starts the start sweep waits for it in initialize (its notice rides along). */
const START_SWEEP_WAIT_MS = 1500;

export interface HistorySetupOptions {
  store: Store;
  manager: SessionManager;
  logger: Logger;
  berthHome: string;
  managedPaths?: string[];
  /** Periodic sweep interval; 0 sweeps only at start. */
  retentionIntervalMs?: number;
  /** Sends a notice to every initialized client; returns how many showed it (see `Broadcast`). */
  broadcast: Broadcast;
  /** How long the start sweep waits for a client that lets it run. */
  startGraceMs?: number;
}

/**
 * The daemon's history side in one place: the retention sweeper (reading cleanupPeriodDays from
 * managed policy and the user settings file), the notice board that tells users what a sweep
 * removed, and the protocol handlers for resume/fork/search/export/delete/prune.
 */
export function setUpHistory(options: HistorySetupOptions) {
  const { store, manager, logger } = options;
  const state = new RetentionState(options.berthHome, (err) =>
    logger.warn({ err }, "retention state could not be read or written; kept in memory"),
  );
  const notices = new NoticeBoard(options.broadcast, state);
  const reported = new Set<string>();
  // TODO(settings): when SettingsService grows a user-scope view with hot reload, read the
  // period from it; today this re-reads managed + user settings before every sweep.
  const period = (): RetentionPeriod => {
    const p = readRetentionPeriod({
      berthHome: options.berthHome,
      ...(options.managedPaths ? { managedPaths: options.managedPaths } : {}),
    });
    for (const problem of p.problems) {
      if (reported.has(problem)) continue;
      reported.add(problem);
      logger.warn({ problem }, "retention setting rejected");
      notices.publish({
        level: "warning",
        code: "retention_settings",
        message: `${problem} Keeping history for ${p.days} days.`,
      });
    }
    return p;
  };
  const sweeper = new RetentionSweeper({
    store,
    liveIds: () => manager.liveIds(),
    period,
    logger,
    ...(options.retentionIntervalMs !== undefined ? { intervalMs: options.retentionIntervalMs } : {}),
    state,
    ...(options.startGraceMs !== undefined ? { startGraceMs: options.startGraceMs } : {}),
    onRemoved: (s, consent) => notices.publish(removedNotice(s, consent), { durable: true }),
    onHeld: (c) =>
      notices.publish({
        level: "warning",
        code: "retention_held",
        message:
          `cleanupPeriodDays is now ${c.cleanupPeriodDays} (${c.source}); the next retention sweep would delete ` +
          `${c.count} sessions, so it waits for your confirmation: start \`berth\` to be asked, or run ` +
          "`berth history prune --dry-run` to see them and `berth history prune` to delete them.",
      }),
  });
  const history = new HistoryService({ store, manager, sweeper, period, logger });
  return {
    sweeper,
    notices,
    handlers: createHistoryHandlers({ manager, history }),
    start: () => sweeper.start(),
    /**
     * For initialize: lets the start sweep run (unless the client defers or must be asked), waits
     * a moment for it, and hands over the notices no client has seen.
     */
    arrive: async (intent: RetentionIntent) => {
      const confirmation = sweeper.requestStart(intent);
      if (!confirmation) await sweeper.startSettled(START_SWEEP_WAIT_MS);
      return { notices: notices.take(intent), retentionConfirmation: confirmation };
    },
    stop: () => sweeper.stop(),
  };
}

function removedNotice(s: SweepSummary, consent: SweepConsent) {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const unasked =
    consent === "unconfirmed"
      ? ` More than ${CONFIRM_THRESHOLD} sessions went at once after the period was lowered; nobody could be asked in this mode.`
      : "";
  return {
    level: "info" as const,
    code: "retention_sweep",
    message:
      `Retention removed ${plural(s.removedSessions, "session")} inactive for more than ` +
      `${plural(s.cleanupPeriodDays, "day")} (cleanupPeriodDays).${unasked} ` +
      "`berth history prune --dry-run` shows what goes next.",
  };
}
