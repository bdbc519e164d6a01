// The daemon's one view of what the user has spent: today, this month (local time) and per
// session, across every session it serves. Totals are read from the ledger once per period and
// then kept up to date in memory as requests are recorded, so the check before each model
// request costs a few comparisons, not a query.
import type { DaemonNotice, SpendLimitState } from "@berth/protocol";
import type { SpendLimits } from "@berth/config";
import type { Store } from "@berth/store";
import { type LocalPeriods, localPeriods } from "./local-period";
import { type Limit, maxBudgetLimit, refusalMessage, warningMessage } from "./limit-text";

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
  #periods: { at: number; value: LocalPeriods } | undefined;
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
  record(sessionId: string | null, usd: number, unpricedModel?: string): void {
    if (unpricedModel !== undefined && sessionId !== null) this.#warnUnpriced(sessionId, unpricedModel);
    if (!Number.isFinite(usd) || usd <= 0) return;
    this.#roll();
    (this.#day as Running).usd += usd;
    (this.#month as Running).usd += usd;
    if (sessionId !== null) this.#sessions.set(sessionId, this.sessionSpent(sessionId) + usd);
    for (const [id, budget] of this.#budgets) this.#announce(id, budget);
  }

  /** A model without a price cannot be counted against a limit: say so once per model. */
  #warnUnpriced(sessionId: string, model: string): void {
    const budget = this.#budgets.get(sessionId);
    if (!budget || (budget.limits().limits.length === 0 && budget.maxBudgetUsd === undefined)) return;
    const told = `unpriced:${model}`;
    if (this.#told.has(told)) return;
    this.#told.add(told);
    this.#publish({
      level: "warning",
      code: "spend_unpriced_model",
      message:
        `Requests to ${model} have no known price, so spend limits cannot count them. ` +
        `Add "${model}" to modelPrices in settings (US dollars per million tokens).`,
    });
  }

  /** Why the session's next model request must not be sent, or undefined when it may. */
  check(sessionId: string): string | undefined {
    const budget = this.#budgets.get(sessionId);
    if (!budget) return undefined;
    const spend = budget.limits();
    if (spend.failure) return spend.failure;
    return this.#visit(sessionId, spend, budget.maxBudgetUsd, (limit, spentUsd) =>
      spentUsd >= limit.usd ? refusalMessage({ ...limit, spentUsd }) : undefined,
    );
  }

  /** Each limit that applies with what has been spent against it. */
  limitStates(sessionId: string | undefined, spend: SpendLimits, maxBudgetUsd?: number): SpendLimitState[] {
    const out: SpendLimitState[] = [];
    this.#visit(sessionId, spend, maxBudgetUsd, (limit, spentUsd) => {
      out.push({ ...limit, spentUsd });
      return undefined;
    });
    return out;
  }

  /**
   * Calls `visit` with each limit that applies and the spend against it, until it returns a
   * value. Runs before every model request, so it allocates nothing on the way.
   */
  #visit<T>(
    sessionId: string | undefined,
    spend: SpendLimits,
    maxBudgetUsd: number | undefined,
    visit: (limit: Limit, spentUsd: number) => T | undefined,
  ): T | undefined {
    this.#roll();
    for (const limit of spend.limits) {
      let spent: number;
      if (limit.key === "dailyUsd") spent = (this.#day as Running).usd;
      else if (limit.key === "monthlyUsd") spent = (this.#month as Running).usd;
      else if (sessionId === undefined) continue;
      else spent = this.sessionSpent(sessionId);
      const result = visit(limit, spent);
      if (result !== undefined) return result;
    }
    if (maxBudgetUsd === undefined || sessionId === undefined) return undefined;
    return visit(maxBudgetLimit(maxBudgetUsd), this.sessionSpent(sessionId));
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

  /**
   * Re-reads a period's total from the ledger when the local day or month has changed (a clock
   * or time-zone change included). Call before the request being recorded is written, so it is
   * not counted twice.
   */
  #roll(): void {
    const p = this.#localPeriods();
    const read = (since: number, until: number) => this.#store.usageTotal({ since, until }).costUsd;
    if (this.#day?.start !== p.dayStart)
      this.#day = { start: p.dayStart, key: p.dayKey, usd: read(p.dayStart, p.dayEnd) };
    if (this.#month?.start !== p.monthStart) {
      this.#month = { start: p.monthStart, key: p.monthKey, usd: read(p.monthStart, p.monthEnd) };
    }
  }

  /**
   * Local-time arithmetic is the costly part of a check, so periods are reused for up to a
   * second while the clock stays inside today; a time-zone change is seen within that second.
   */
  #localPeriods(): LocalPeriods {
    const t = this.#now();
    const cached = this.#periods;
    if (cached && t >= cached.at && t - cached.at < 1000 && t < cached.value.dayEnd) return cached.value;
    this.#periods = { at: t, value: localPeriods(t) };
    return this.#periods.value;
  }

  #announce(sessionId: string, budget: SessionBudget): void {
    const spend = budget.limits();
    this.#visit(sessionId, spend, budget.maxBudgetUsd, (limit, spentUsd) => {
      if (limit.usd <= 0) return undefined;
      const fraction = spentUsd / limit.usd;
      if (fraction < spend.warnAtFraction) return undefined;
      const reached = fraction >= 1;
      const period =
        limit.key === "dailyUsd"
          ? this.#day?.key
          : limit.key === "monthlyUsd"
            ? this.#month?.key
            : `session ${sessionId}`;
      const told = `${reached ? "reached" : "warned"}:${limit.key}:${limit.usd}:${limit.file}:${period}`;
      if (this.#told.has(told)) return undefined;
      this.#told.add(told);
      const state = { ...limit, spentUsd };
      this.#publish(
        reached
          ? { level: "error", code: "spend_limit_reached", message: refusalMessage(state) }
          : { level: "warning", code: "spend_warning", message: warningMessage(state, fraction) },
      );
      return undefined;
    });
  }
}
