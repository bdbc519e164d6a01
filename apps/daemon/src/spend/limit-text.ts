// Which limits apply and how they are worded: every message names the limit, its value, what
// has been spent against it and the file (or flag) that set it.
import type { SpendLimitState } from "@berth/protocol";

export type Limit = Omit<SpendLimitState, "spentUsd">;

export const MAX_BUDGET_FLAG = "--max-budget-usd";

/** `--max-budget-usd` as a limit of one session (one print run). */
export function maxBudgetLimit(usd: number): Limit {
  return { key: "maxBudgetUsd", usd, file: MAX_BUDGET_FLAG, layer: "cli" };
}

export const usd = (n: number) => `$${n.toFixed(n !== 0 && Math.abs(n) < 0.01 ? 4 : 2)}`;

const SPENT: Record<SpendLimitState["key"], string> = {
  dailyUsd: "today (local time)",
  monthlyUsd: "this month (local time)",
  sessionUsd: "in this session",
  maxBudgetUsd: "in this run",
};

const UNTIL: Record<SpendLimitState["key"], string> = {
  dailyUsd: "until tomorrow",
  monthlyUsd: "until next month",
  sessionUsd: "in this session",
  maxBudgetUsd: "in this run",
};

function setBy(limit: Limit): string {
  if (limit.file === MAX_BUDGET_FLAG) return `set by ${MAX_BUDGET_FLAG}`;
  return limit.file ? `set in ${limit.file}` : `set by ${limit.layer}`;
}

export function refusalMessage(limit: SpendLimitState): string {
  return (
    `Spend limit reached: ${limit.key} is ${usd(limit.usd)} (${setBy(limit)}) and ${usd(limit.spentUsd)} ` +
    `has been spent ${SPENT[limit.key]}. Model requests are refused ${UNTIL[limit.key]}, unless the limit is raised.`
  );
}

export function warningMessage(limit: SpendLimitState, fraction: number): string {
  return (
    `Spend is at ${Math.floor(fraction * 100 + 1e-9)}% of ${limit.key} ${usd(limit.usd)} (${setBy(limit)}): ` +
    `${usd(limit.spentUsd)} spent ${SPENT[limit.key]}.`
  );
}
