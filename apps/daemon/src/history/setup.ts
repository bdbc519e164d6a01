import type { DaemonNotice } from "@berth/protocol";
import type { Store } from "@berth/store";
import type { Logger } from "../lifecycle/logger";
import { type RetentionPeriod, readRetentionPeriod } from "../retention/retention-period";
import { RetentionSweeper } from "../retention/sweeper";
import { createHistoryHandlers } from "../server/history-handlers";
import { NoticeBoard } from "../server/notice-board";
import type { SessionManager } from "../sessions/manager";
import { HistoryService } from "./history-service";

/** How long the first client's initialize may wait for the start sweep (whose notice it carries). */
const START_SWEEP_WAIT_MS = 250;

export interface HistorySetupOptions {
  store: Store;
  manager: SessionManager;
  logger: Logger;
  berthHome: string;
  managedPaths?: string[];
  /** Periodic sweep interval; 0 sweeps only at start. */
  retentionIntervalMs?: number;
  /** Sends a notice to every initialized client; returns how many it reached. */
  broadcast: (notice: DaemonNotice) => number;
}

/**
 * The daemon's history side in one place: the retention sweeper (reading cleanupPeriodDays from
 * managed policy and the user settings file), the notice board that tells users what a sweep
 * removed, and the protocol handlers for resume/fork/search/export/delete/prune.
 */
export function setUpHistory(options: HistorySetupOptions) {
  const { store, manager, logger } = options;
  const notices = new NoticeBoard(options.broadcast);
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
    onRemoved: (s) =>
      notices.publish({
        level: "info",
        code: "retention_sweep",
        message:
          `Retention removed ${s.removedSessions} session${s.removedSessions === 1 ? "" : "s"} inactive for more than ` +
          `${s.cleanupPeriodDays} day${s.cleanupPeriodDays === 1 ? "" : "s"} (cleanupPeriodDays). ` +
          "`berth history prune --dry-run` shows what goes next.",
      }),
  });
  const history = new HistoryService({ store, manager, sweeper, period, logger });
  return {
    sweeper,
    notices,
    handlers: createHistoryHandlers({ manager, history }),
    start: () => sweeper.start(),
    /** For initialize: notices no client has seen, after giving the start sweep a moment to finish. */
    takeNotices: async () => {
      await sweeper.startSettled(START_SWEEP_WAIT_MS);
      return notices.take();
    },
    stop: () => sweeper.stop(),
  };
}
