import { spendLimitsOf } from "@berth/config";
import type { CostFigures, MethodName } from "@berth/protocol";
import { PRICE_TABLE } from "@berth/providers";
import type { Store } from "@berth/store";
import { projectRootOf } from "../policy/project-root";
import type { SettingsService } from "../policy/settings-service";
import type { Handlers } from "../server/router";
import { localDays, localPeriods } from "./local-period";
import type { SpendTracker } from "./spend-tracker";

type CostMethod = Extract<MethodName, "cost/report" | "cost/status">;

/** `berth cost` and `/cost`: ledger queries plus the price table; the CLI formats them. */
export function createCostHandlers(deps: {
  store: Store;
  spend: SpendTracker;
  settings: SettingsService;
  isTrusted: (projectRoot: string) => boolean;
  now?: () => number;
}): Pick<Handlers, CostMethod> {
  const now = deps.now ?? Date.now;
  const total = (filter: { since?: number; sessionId?: string }): CostFigures =>
    deps.store.costReport({ groupBy: "model", ...filter }).total;
  return {
    "cost/report"(_conn, params) {
      const project = params.cwd ? projectRootOf(params.cwd) : undefined;
      const days =
        params.groupBy === "day"
          ? localDays(
              params.since ?? deps.store.firstUsageAt() ?? now(),
              params.until ?? localPeriods(now()).dayEnd,
            )
          : undefined;
      const report = deps.store.costReport({
        groupBy: params.groupBy,
        ...(params.since !== undefined ? { since: params.since } : {}),
        ...(params.until !== undefined ? { until: params.until } : {}),
        ...(project !== undefined ? { project } : {}),
        ...(days ? { days } : {}),
      });
      return {
        ...report,
        project: project ?? null,
        prices: { source: PRICE_TABLE.source, updated: PRICE_TABLE.updated },
      };
    },
    "cost/status"(_conn, params) {
      const periods = localPeriods(now());
      const budget = params.sessionId ? deps.spend.budgetOf(params.sessionId) : undefined;
      const spend =
        budget?.limits() ??
        (() => {
          const projectRoot = projectRootOf(params.cwd);
          const trusted = deps.isTrusted(projectRoot);
          return spendLimitsOf(deps.settings.load({ cwd: params.cwd, projectRoot, trusted }));
        })();
      const sessionId = budget ? params.sessionId : undefined;
      const limits = deps.spend.limitStates(sessionId, spend, budget?.maxBudgetUsd);
      return {
        session: sessionId ? total({ sessionId }) : null,
        today: total({ since: periods.dayStart }),
        month: total({ since: periods.monthStart }),
        limits,
        warnAtFraction: spend.warnAtFraction,
        refusal: sessionId ? (deps.spend.check(sessionId) ?? null) : (spend.failure ?? null),
      };
    },
  };
}
