import { performance } from "node:perf_hooks";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { RetentionConfirmation, RetentionIntent, SweepSummary } from "@berth/protocol";
import type { ExpiredSession, Store } from "@berth/store";
import type { Logger } from "../lifecycle/logger";
import { DAY_MS, type RetentionPeriod } from "./retention-period";
import type { RetentionState } from "./retention-state";

export const DEFAULT_SWEEP_INTERVAL_MS = 6 * 60 * 60 * 1000;
export const DEFAULT_START_GRACE_MS = 2 * 60 * 1000;
/** A lowered period that would delete more sessions than this asks an interactive user first. */
export const CONFIRM_THRESHOLD = 20;

/** Whether the user agreed to a sweep: `unconfirmed` when one was due but nobody could be asked (print mode). */
export type SweepConsent = "ok" | "confirmed" | "unconfirmed";

export interface SweeperDeps {
  store: Store;
  /** Sessions loaded in the daemon (attached, running or idle): never deleted by a sweep. */
  liveIds: () => ReadonlySet<string>;
  /** Read before every sweep, so a settings edit applies without a restart. */
  period: () => RetentionPeriod;
  logger: Logger;
  intervalMs?: number;
  /** Remembers the last period swept with, across restarts. */
  state: Pick<RetentionState, "lastSweptDays" | "recordSweep">;
  /** Called after a sweep that removed at least one session. */
  onRemoved?: (summary: SweepSummary, consent: SweepConsent) => void;
  /** Called when a sweep is held back for the user's consent. */
  onHeld?: (confirmation: RetentionConfirmation) => void;
  /** How long the start sweep waits for a client that lets it run (default 2 min). */
  startGraceMs?: number;
  now?: () => number;
}

/**
 * The retention sweep: when the first client that allows it arrives after the daemon starts, and
 * then every `intervalMs`, deletes sessions inactive for longer than cleanupPeriodDays. It runs one short store transaction per step and yields to the
 * event loop between steps, so clients keep being served while it works. One sweep at a time.
 */
export class RetentionSweeper {
  private running: Promise<SweepSummary> | undefined;
  private startSweep: Promise<unknown> | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  /** A start or periodic sweep waiting for the user's consent (see `needsConfirmation`). */
  private held: RetentionConfirmation | undefined;
  private declined = false;
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

  /**
   * Arms the start sweep and schedules the periodic ones. The start sweep waits for a client that
   * lets it run (`requestStart`): a dry run that starts the daemon must preview, not delete. With
   * no such client within `startGraceMs` it runs anyway, holding back a large deletion.
   */
  start(): void {
    const grace = this.deps.startGraceMs ?? DEFAULT_START_GRACE_MS;
    this.graceTimer = setTimeout(() => void this.requestStart("hold"), grace);
    this.graceTimer.unref();
    if (this.intervalMs > 0) {
      this.nextAt = this.now + this.intervalMs;
      this.timer = setInterval(() => {
        this.nextAt = this.now + this.intervalMs;
        void this.guardedSweep("periodic", "hold").catch(() => undefined);
      }, this.intervalMs);
      this.timer.unref();
    }
  }

  /**
   * A client arrived (see `RetentionIntent`). Starts the start sweep unless it defers, or returns
   * the question to ask when the sweep would remove many sessions after the period was lowered.
   */
  requestStart(intent: RetentionIntent | "hold"): RetentionConfirmation | null {
    if (intent === "defer" || this.stopping) return null;
    if (this.held) return intent === "confirm" && !this.declined ? this.held : null;
    if (this.startSweep) return null;
    clearTimeout(this.graceTimer);
    const confirmation = this.needsConfirmation();
    if (confirmation && intent !== "sweep") {
      this.hold(confirmation);
      return intent === "confirm" ? confirmation : null;
    }
    this.startSweep = this.sweep("start", confirmation ? "unconfirmed" : "ok").catch(() => undefined);
    return null;
  }

  /** The user's answer to a held sweep: run it now, or keep everything until the daemon restarts. */
  async confirm(approve: boolean): Promise<SweepSummary | null> {
    if (!this.held) return null;
    if (!approve) {
      this.declined = true;
      this.deps.logger.info({ ...this.held }, "retention sweep postponed by the user");
      return null;
    }
    this.held = undefined;
    const run = this.sweep("start", "confirmed");
    this.startSweep ??= run.catch(() => undefined);
    return run;
  }

  /**
   * Resolves when the start sweep has finished, or after `maxWaitMs`: the client that started it
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

  /** Runs a sweep now, or joins the one already running. A manual sweep also releases a held one. */
  sweep(trigger: SweepSummary["trigger"], consent: SweepConsent = "ok"): Promise<SweepSummary> {
    if (trigger === "manual") this.held = undefined;
    this.running ??= this.run(trigger, consent).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** A sweep nobody asked for: skipped while a large deletion waits for the user. */
  private async guardedSweep(trigger: SweepSummary["trigger"], intent: "hold"): Promise<SweepSummary | null> {
    if (this.held) return null;
    const confirmation = this.needsConfirmation();
    if (confirmation && intent === "hold") {
      this.hold(confirmation);
      return null;
    }
    return this.sweep(trigger);
  }

  /** A sweep over the threshold right after cleanupPeriodDays was lowered (or never recorded). */
  private needsConfirmation(): RetentionConfirmation | null {
    const period = this.deps.period();
    const last = this.deps.state.lastSweptDays;
    if (last !== null && period.days >= last) return null;
    const count = this.deps.store.countExpired({
      olderThanMs: period.days * DAY_MS,
      excludeIds: this.deps.liveIds(),
    });
    if (count <= CONFIRM_THRESHOLD) return null;
    return { count, cleanupPeriodDays: period.days, previousDays: last, source: period.source };
  }

  private hold(confirmation: RetentionConfirmation): void {
    this.held = confirmation;
    this.deps.logger.warn({ ...confirmation }, "retention sweep held until the user confirms");
    this.deps.onHeld?.(confirmation);
  }

  /** Stops scheduling and abandons a running sweep at its next step (what it removed is logged). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.graceTimer);
    if (this.timer) clearInterval(this.timer);
    this.nextAt = null;
    await this.running?.catch(() => undefined);
  }

  private async run(trigger: SweepSummary["trigger"], consent: SweepConsent): Promise<SweepSummary> {
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
    if (!summary.error) this.deps.state.recordSweep(period.days);
    summary.finishedAt = this.now;
    summary.maxStallMs = Math.round(summary.maxStallMs * 100) / 100;
    this.last = summary;
    this.deps.logger.info({ ...summary }, "retention sweep finished");
    if (summary.removedSessions > 0) this.deps.onRemoved?.(summary, consent);
    return summary;
  }
}
