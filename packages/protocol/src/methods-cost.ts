import { z } from "zod";
import { lazy } from "./lazy-table";

/** Cost reports and spend limits (part of the one method table; `methods.ts` spreads them in). */

/** TurnError code of a turn that a spend limit (or `--max-budget-usd`) stopped. */
export const SPEND_LIMIT_ERROR_CODE = "spend_limit";

export const COST_GROUP_BY = ["day", "model", "project", "key", "session"] as const;

export const CostFigures = lazy(() =>
  z.object({
    requests: z.number().int(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    cacheCreationInputTokens: z.number().int(),
    cacheReadInputTokens: z.number().int(),
    costUsd: z.number().describe("Sum over priced requests only."),
    unpricedRequests: z
      .number()
      .int()
      .describe('Requests to models without a known price: tokens counted, cost "price unknown".'),
  }),
);
export type CostFigures = z.infer<ReturnType<typeof CostFigures>>;

export const CostRow = lazy(() =>
  CostFigures().extend({
    key: z
      .string()
      .nullable()
      .describe("Local day (YYYY-MM-DD), model, project root, credential fingerprint or session id."),
    label: z.string().nullable().describe("For `key`: where the credential came from; never the secret."),
  }),
);
export type CostRow = z.infer<ReturnType<typeof CostRow>>;

export const SpendLimitState = lazy(() =>
  z.object({
    key: z.enum(["dailyUsd", "monthlyUsd", "sessionUsd", "maxBudgetUsd"]),
    usd: z.number(),
    spentUsd: z.number(),
    file: z.string().nullable().describe("The settings file (or flag) that set the limit."),
    layer: z.string(),
  }),
);
export type SpendLimitState = z.infer<ReturnType<typeof SpendLimitState>>;

export const costMethods = {
  "cost/report": () => ({
    params: z.object({
      groupBy: z.enum(COST_GROUP_BY),
      since: z.number().int().nonnegative().optional().describe("Inclusive, epoch ms."),
      until: z.number().int().nonnegative().optional().describe("Exclusive, epoch ms."),
      cwd: z
        .string()
        .min(1)
        .optional()
        .describe("Only requests made in this folder's project (its git root)."),
    }),
    result: z.object({
      rows: z.array(CostRow()),
      total: CostFigures(),
      project: z.string().nullable(),
      prices: z.object({ source: z.string(), updated: z.string() }),
    }),
    doc: "Usage and cost from the ledger, grouped by day (the daemon's local time zone, as for spend limits), model, project, credential or session.",
  }),
  "cost/status": () => ({
    params: z.object({
      cwd: z.string().min(1),
      sessionId: z.string().min(1).max(128).optional(),
    }),
    result: z.object({
      session: CostFigures().nullable(),
      today: CostFigures(),
      month: CostFigures(),
      limits: z
        .array(SpendLimitState())
        .describe("The limits that apply to a session in this folder (or this session)."),
      warnAtFraction: z.number(),
      refusal: z.string().nullable().describe("Why model requests are refused now, if they are."),
    }),
    doc: "`/cost`: this session, today and this month (local time), and the spend limits that apply.",
  }),
} as const;
