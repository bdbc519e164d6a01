// The daemon's one view of what the user has spent: today, this month (local time) and per
// session, across every session it serves. Totals are read from the ledger once per period and
// then kept up to date in memory as requests are recorded, so the check before each model
// request costs a few comparisons, not a query.
import type { DaemonNotice, SpendLimitState } from "@berth/protocol";
import type { SpendLimits } from "@berth/config";
import type { Store } from "@berth/store";
import { localPeriods } from "./local-period";
import { type Limit, limitsFor, refusalMessage, warningMessage } from "./limit-text";

export interface SessionBudget {
  /** The session's current limits (its settings are hot-reloaded). */
  limits(): SpendLimits;
  /** `--max-budget-usd` for this session. */
  maxBudgetUsd?: number;
}

export interface SpendTrackerOptions {
  store: Pick<Store, "usageTotal" | "sessionUsage">;
  /** Sends a notice to every client (kept for the next one when none is connected). */
  publish: (notice: DaemonNotice) => void;
  now?: () => number;
}

interface Running {
  start: number;
  key: string;
  usd: number;
}

export class SpendTracker {
  readonly #store: SpendTrackerOptions["store"];
  readonly #publish: SpendTrackerOptions["publish"];
  readonly #now: () => number;
  #day: Running | undefined;
  #month: Running | undefined;
  readonly #sessions = new Map<string, number>();
  readonly #budgets = new Map<string, SessionBudget>();
  /** Limit+period keys already warned about (or reported as reached), so each shows once. */
  readonly #told = new Set<string>();

  constructor(options: SpendTrackerOptions) {
    this.#store = options.store;
    this.#publish = options.publish;
    this.#now = options.now ?? Date.now;
  }

  register(sessionId: string, budget: SessionBudget): () => void {
    this.#budgets.set(sessionId, budget);
    return () => {
      if (this.#budgets.get(sessionId) === budget) this.#budgets.delete(sessionId);
      this.#sessions.delete(sessionId);
    };
  }

  /**
   * Adds one priced request, before its ledger row is written; then warns about every limit this spend brought near or past. */
  record(sessionId: string | null, usd: number): void {
    if (!Number.isFinite(usd) || usd <= 0) return;
    this.#roll();
    (this.#day as Running).usd += usd;
    (this.#month as Running).usd += usd;
    if (sessionId !== null) this.#sessions.set(sessionId, this.sessionSpent(sessionId) + usd);
    for (const [id, budget] of this.#budgets) this.#announce(id, budget);
  }

  /** Why the session's next model request must not be sent, or undefined when it may. */
  check(sessionId: string): string | undefined {
    const budget = this.#budgets.get(sessionId);
    if (!budget) return undefined;
    const spend = budget.limits();
    if (spend.failure) return spend.failure;
    for (const limit of this.limitStates(sessionId, spend, budget.maxBudgetUsd)) {
      if (limit.spentUsd >= limit.usd) return refusalMessage(limit);
    }
    return undefined;
  }

  /** Each limit that applies with what has been spent against it. */
  limitStates(sessionId: string | undefined, spend: SpendLimits, maxBudgetUsd?: number): SpendLimitState[] {
    return limitsFor(spend, maxBudgetUsd, sessionId !== undefined).map((limit) => ({
      ...limit,
      spentUsd: this.#spentAgainst(limit, sessionId),
    }));
  }

  budgetOf(sessionId: string): SessionBudget | undefined {
    return this.#budgets.get(sessionId);
  }

  todayUsd(): number {
    this.#roll();
    return (this.#day as Running).usd;
  }

  monthUsd(): number {
    this.#roll();
    return (this.#month as Running).usd;
  }

  sessionSpent(sessionId: string): number {
    let usd = this.#sessions.get(sessionId);
    if (usd === undefined) {
      // A resumed session brings what it spent before.
      usd = this.#store.sessionUsage(sessionId).costUsd;
      this.#sessions.set(sessionId, usd);
    }
    return usd;
  }

  #spentAgainst(limit: Limit, sessionId: string | undefined): number {
    if (limit.key === "dailyUsd") return this.todayUsd();
    if (limit.key === "monthlyUsd") return this.monthUsd();
    return sessionId === undefined ? 0 : this.sessionSpent(sessionId);
  }

  /**
   * Re-reads a period's total from the ledger when the local day or month has changed (a clock
   * or time-zone change included). Call before the request being recorded is written, so it is
   * not counted twice.
   */
  #roll(): void {
    const p = localPeriods(this.#now());
    const read = (since: number, until: number) => this.#store.usageTotal({ since, until }).costUsd;
    if (this.#day?.start !== p.dayStart)
      this.#day = { start: p.dayStart, key: p.dayKey, usd: read(p.dayStart, p.dayEnd) };
    if (this.#month?.start !== p.monthStart) {
      this.#month = { start: p.monthStart, key: p.monthKey, usd: read(p.monthStart, p.monthEnd) };
    }
  }

  #announce(sessionId: string, budget: SessionBudget): void {
    const spend = budget.limits();
    for (const limit of this.limitStates(sessionId, spend, budget.maxBudgetUsd)) {
      if (limit.usd <= 0) continue;
      const fraction = limit.spentUsd / limit.usd;
      const reached = fraction >= 1;
      if (!reached && fraction < spend.warnAtFraction) continue;
      const period =
        limit.key === "dailyUsd"
          ? this.#day?.key
          : limit.key === "monthlyUsd"
            ? this.#month?.key
            : `session ${sessionId}`;
      const told = `${reached ? "reached" : "warned"}:${limit.key}:${limit.usd}:${limit.file}:${period}`;
      if (this.#told.has(told)) continue;
      this.#told.add(told);
      this.#publish(
        reached
          ? { level: "error", code: "spend_limit_reached", message: refusalMessage(limit) }
          : { level: "warning", code: "spend_warning", message: warningMessage(limit, fraction) },
      );
    }
  }
}
