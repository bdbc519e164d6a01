import { performance } from "node:perf_hooks";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { SweepSummary } from "@berth/protocol";
import type { ExpiredSession, Store } from "@berth/store";
import type { Logger } from "../lifecycle/logger";
import { DAY_MS, type RetentionPeriod } from "./retention-period";

export const DEFAULT_SWEEP_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface SweeperDeps {
  store: Store;
  /** Sessions loaded in the daemon (attached, running or idle): never deleted by a sweep. */
  liveIds: () => ReadonlySet<string>;
  /** Read before every sweep, so a settings edit applies without a restart. */
  period: () => RetentionPeriod;
  logger: Logger;
  intervalMs?: number;
  /** Called after a sweep that removed at least one session. */
  onRemoved?: (summary: SweepSummary) => void;
  now?: () => number;
}

/**
 * The retention sweep: at daemon start and then every `intervalMs`, deletes sessions inactive for
 * longer than cleanupPeriodDays. It runs one short store transaction per step and yields to the
 * event loop between steps, so clients keep being served while it works. One sweep at a time.
 */
export class RetentionSweeper {
  private running: Promise<SweepSummary> | undefined;
  private startSweep: Promise<unknown> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private last: SweepSummary | null = null;
  private nextAt: number | null = null;
  readonly intervalMs: number;

  constructor(private readonly deps: SweeperDeps) {
    this.intervalMs = deps.intervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
  }

  private get now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Schedules the start sweep (after the current tick, so the daemon is serving first) and the periodic ones. */
  start(): void {
    this.startSweep = new Promise<void>((resolve) =>
      setImmediate(
        () =>
          void this.sweep("start").then(
            () => resolve(),
            () => resolve(),
          ),
      ),
    );
    if (this.intervalMs > 0) {
      this.nextAt = this.now + this.intervalMs;
      this.timer = setInterval(() => {
        this.nextAt = this.now + this.intervalMs;
        void this.sweep("periodic").catch(() => undefined);
      }, this.intervalMs);
      this.timer.unref();
    }
  }

  /**
   * Resolves when the start sweep has finished, or after `maxWaitMs`: the first client to connect
   * waits that long at most, so what the sweep removed reaches it in its initialize result.
   */
  async startSettled(maxWaitMs: number): Promise<void> {
    if (!this.startSweep) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.startSweep,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, maxWaitMs);
      }),
    ]);
    clearTimeout(timer);
  }

  status(): { lastSweep: SweepSummary | null; nextSweepAt: number | null; intervalMs: number } {
    return { lastSweep: this.last, nextSweepAt: this.nextAt, intervalMs: this.intervalMs };
  }

  /** What a sweep would delete now (oldest first), and how many in all. */
  dryRun(limit: number): { period: RetentionPeriod; count: number; sessions: ExpiredSession[] } {
    const period = this.deps.period();
    const opts = { olderThanMs: period.days * DAY_MS, excludeIds: this.deps.liveIds() };
    return {
      period,
      count: this.deps.store.countExpired(opts),
      sessions: this.deps.store.expiredSessions({ ...opts, limit }),
    };
  }

  /** Runs a sweep now, or joins the one already running. */
  sweep(trigger: SweepSummary["trigger"]): Promise<SweepSummary> {
    this.running ??= this.run(trigger).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops scheduling and abandons a running sweep at its next step (what it removed is logged). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.nextAt = null;
    await this.running?.catch(() => undefined);
  }

  private async run(trigger: SweepSummary["trigger"]): Promise<SweepSummary> {
    const startedAt = this.now;
    const period = this.deps.period();
    const summary: SweepSummary = {
      trigger,
      startedAt,
      finishedAt: startedAt,
      cleanupPeriodDays: period.days,
      removedSessions: 0,
      removedEvents: 0,
      removedMessages: 0,
      batches: 0,
      maxStallMs: 0,
    };
    try {
      const steps = this.deps.store.sweepExpiredStepwise({
        olderThanMs: period.days * DAY_MS,
        excludeIds: new Set(this.deps.liveIds()),
      });
      for (;;) {
        if (this.stopping) {
          steps.return(undefined as never); // writes the retention log for what was removed so far
          break;
        }
        const t0 = performance.now();
        const step = steps.next();
        summary.maxStallMs = Math.max(summary.maxStallMs, performance.now() - t0);
        if (step.done) break;
        summary.batches += 1;
        summary.removedSessions += step.value.ids.length;
        summary.removedEvents += step.value.removedEvents;
        summary.removedMessages += step.value.removedMessages;
        await yieldToLoop();
      }
    } catch (error) {
      summary.error = (error as Error)?.message ?? String(error);
      this.deps.logger.error({ err: error, trigger }, "retention sweep failed");
    }
    summary.finishedAt = this.now;
    summary.maxStallMs = Math.round(summary.maxStallMs * 100) / 100;
    this.last = summary;
    this.deps.logger.info({ ...summary }, "retention sweep finished");
    if (summary.removedSessions > 0) this.deps.onRemoved?.(summary);
    return summary;
  }
}
