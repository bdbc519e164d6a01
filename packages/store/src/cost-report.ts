// Cost reports over the usage ledger: totals grouped by local day, model, project, credential
// or session, with unpriced requests counted apart (never as $0). Pure queries: the caller passes
// the local days (their start and end instants), so the store reads no clock and no time zone.
import { invalid } from "./errors.js";
import { lazyTable } from "@berth/protocol/lazy-table";
import type { StoreContext } from "./types.js";

export const COST_GROUPINGS = ["day", "model", "project", "key", "session"] as const;
export type CostGroupBy = (typeof COST_GROUPINGS)[number];

export interface CostFigures {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  /** Sum over priced requests only. */
  costUsd: number;
  /** Requests to models without a known price: their tokens are counted, their cost is not. */
  unpricedRequests: number;
}

export interface CostRow extends CostFigures {
  /** Local 'YYYY-MM-DD', model id, project root, credential fingerprint or session id; null when unset. */
  key: string | null;
  /** For `key`: where the credential came from (never the secret). */
  label: string | null;
}

export interface CostReportOptions {
  groupBy: CostGroupBy;
  /** Inclusive, epoch ms. */
  since?: number;
  /** Exclusive, epoch ms. */
  until?: number;
  /** Only requests made in this project (the project root recorded with each request). */
  project?: string;
  /** Only requests of this session. */
  sessionId?: string;
  /**
   * Required for `day`: the local calendar days to report, oldest first (a day is not always
   * 24 hours long, so the caller computes each one's start and end in its time zone).
   */
  days?: readonly LocalDay[];
}

export interface LocalDay {
  /** 'YYYY-MM-DD'. */
  key: string;
  /** Inclusive, epoch ms. */
  start: number;
  /** Exclusive, epoch ms. */
  end: number;
}

export interface CostReport {
  rows: CostRow[];
  total: CostFigures;
}

export interface CostReportApi {
  costReport(options: CostReportOptions): CostReport;
  /** When the oldest ledger row was written (epoch ms), or null when the ledger is empty. */
  firstUsageAt(): number | null;
}

const FIGURES = `count(*) AS requests, coalesce(sum(input_tokens), 0) AS inputTokens,
  coalesce(sum(output_tokens), 0) AS outputTokens,
  coalesce(sum(cache_creation_input_tokens), 0) AS cacheCreationInputTokens,
  coalesce(sum(cache_read_input_tokens), 0) AS cacheReadInputTokens,
  coalesce(sum(CASE WHEN priced THEN cost_usd ELSE 0 END), 0.0) AS costUsd,
  coalesce(sum(CASE WHEN priced THEN 0 ELSE 1 END), 0) AS unpricedRequests`;

type Grouped = Exclude<CostGroupBy, "day">;

const KEY_SQL: Record<Grouped, string> = {
  model: "model",
  project: "project",
  key: "credential_id, credential_label",
  session: "session_id",
};

const SELECT_KEY: Record<Grouped, string> = {
  model: "model AS key, NULL AS label",
  project: "project AS key, NULL AS label",
  key: "credential_id AS key, credential_label AS label",
  session: "session_id AS key, NULL AS label",
};

export function createCostReport({ db }: StoreContext): CostReportApi {
  const statements = new Map<string, ReturnType<typeof db.prepare>>();
  const s = lazyTable({ first: () => db.prepare("SELECT min(created_at) AS at FROM usage") });
  const statement = (groupBy: CostGroupBy, byProject: boolean, bySession: boolean) => {
    const id = `${groupBy}:${byProject}:${bySession}`;
    let stmt = statements.get(id);
    if (!stmt) {
      const where = [
        "created_at >= @since AND created_at < @until",
        ...(byProject ? ["project = @project"] : []),
        ...(bySession ? ["session_id = @sessionId"] : []),
      ].join(" AND ");
      // Days are one range query each: a seek on the covering time index that streams, where a
      // GROUP BY over a computed day would sort every row of the period first.
      stmt = db.prepare(
        groupBy === "day"
          ? `SELECT ${FIGURES} FROM usage WHERE ${where}`
          : `SELECT ${SELECT_KEY[groupBy]}, ${FIGURES} FROM usage WHERE ${where} GROUP BY ${KEY_SQL[groupBy]} ORDER BY 1`,
      );
      statements.set(id, stmt);
    }
    return stmt;
  };

  return {
    costReport(options) {
      if (!COST_GROUPINGS.includes(options.groupBy)) {
        throw invalid(
          `Unknown cost grouping '${String(options.groupBy)}'; use one of ${COST_GROUPINGS.join(", ")}.`,
        );
      }
      const params = {
        since: options.since ?? 0,
        until: options.until ?? Number.MAX_SAFE_INTEGER,
        ...(options.project !== undefined ? { project: options.project } : {}),
        ...(options.sessionId !== undefined ? { sessionId: options.sessionId } : {}),
      };
      const stmt = statement(options.groupBy, options.project !== undefined, options.sessionId !== undefined);
      let rows: CostRow[];
      if (options.groupBy === "day") {
        if (!options.days) throw invalid("A report by day needs the local days to report.");
        rows = [];
        for (const day of options.days) {
          const since = Math.max(day.start, params.since);
          const until = Math.min(day.end, params.until);
          if (since >= until) continue;
          const figures = stmt.get({ ...params, since, until }) as CostFigures;
          if (figures.requests > 0) rows.push({ key: day.key, label: null, ...figures });
        }
      } else {
        rows = stmt.all(params) as CostRow[];
        if (options.groupBy !== "key") rows.sort((a, b) => b.costUsd - a.costUsd);
      }
      return { rows, total: sum(rows) };
    },

    firstUsageAt() {
      return (s.first.get() as { at: number | null }).at;
    },
  };
}

function add(into: CostFigures, row: CostFigures): void {
  into.requests += row.requests;
  into.inputTokens += row.inputTokens;
  into.outputTokens += row.outputTokens;
  into.cacheCreationInputTokens += row.cacheCreationInputTokens;
  into.cacheReadInputTokens += row.cacheReadInputTokens;
  into.costUsd += row.costUsd;
  into.unpricedRequests += row.unpricedRequests;
}

function sum(rows: readonly CostFigures[]): CostFigures {
  const total: CostFigures = {
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
    costUsd: 0,
    unpricedRequests: 0,
  };
  for (const row of rows) add(total, row);
  return total;
}
