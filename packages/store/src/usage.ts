// The usage and cost ledger: one row per model request. Rows outlive their session (the link is
// cleared on delete) so spend limits and `berth cost` stay correct after history is removed.
import { invalid } from "./errors.js";
import { lazyTable } from "@berth/protocol/lazy-table";
import type { StoreContext } from "./types.js";

export interface UsageInput {
  /** Unknown or deleted sessions are recorded with sessionId null rather than failing. */
  sessionId?: string | null;
  model: string;
  provider: string;
  /** A non-secret label or hash identifying the credential; never the key itself. */
  credentialId?: string | null;
  /** Where the credential came from (`env:ANTHROPIC_API_KEY`, `apiKeyHelper`, ...); never the secret. */
  credentialLabel?: string | null;
  project?: string | null;
  inputTokens?: number;
  outputTokens?: number;
  cacheCreationInputTokens?: number;
  cacheReadInputTokens?: number;
  costUsd?: number;
  /** False when the model had no known price (costUsd is then 0 and reports say "price unknown"). */
  priced?: boolean;
  durationMs?: number | null;
  /** Defaults to the store clock. */
  createdAt?: number;
}

export interface UsageTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  costUsd: number;
  durationMs: number;
}

export interface UsageGroup extends UsageTotals {
  /** 'YYYY-MM-DD' / 'YYYY-MM' for time groupings; the model, project, ... otherwise (null when unset). */
  key: string | null;
}

export type UsageGroupBy = "day" | "month" | "model" | "provider" | "project" | "credential" | "session";

export interface UsageRange {
  /** Inclusive, epoch ms. */
  since?: number;
  /** Exclusive, epoch ms. */
  until?: number;
}

export interface UsageApi {
  recordUsage(row: UsageInput): number;
  /**
   * Totals grouped by a key. Day and month boundaries are UTC shifted by utcOffsetMinutes
   * (pass -new Date().getTimezoneOffset() for local days; the store reads no globals).
   */
  usageSummary(opts: UsageRange & { groupBy: UsageGroupBy; utcOffsetMinutes?: number }): UsageGroup[];
  usageTotal(opts?: UsageRange & { sessionId?: string }): UsageTotals;
  sessionUsage(sessionId: string): UsageTotals;
}

const GROUP_KEYS: Record<Exclude<UsageGroupBy, "day" | "month">, string> = {
  model: "model",
  provider: "provider",
  project: "project",
  credential: "credential_id",
  session: "session_id",
};

const TOTALS = `count(*) AS requests, coalesce(sum(input_tokens), 0) AS inputTokens,
  coalesce(sum(output_tokens), 0) AS outputTokens,
  coalesce(sum(cache_creation_input_tokens), 0) AS cacheCreationInputTokens,
  coalesce(sum(cache_read_input_tokens), 0) AS cacheReadInputTokens,
  coalesce(sum(cost_usd), 0.0) AS costUsd, coalesce(sum(duration_ms), 0) AS durationMs`;

const RANGE = "created_at >= @since AND created_at < @until";

// Catches the obvious mistake of passing a raw API key where a label or hash belongs.
const LOOKS_LIKE_SECRET = /^sk-[A-Za-z0-9_-]{24,}$/;

export function createUsage({ db, now }: StoreContext): UsageApi {
  const s = lazyTable({
    insert: () =>
      db.prepare<[Record<string, unknown>], { id: number }>(
        `INSERT INTO usage (session_id, created_at, model, provider, credential_id, credential_label, project, input_tokens,
         output_tokens, cache_creation_input_tokens, cache_read_input_tokens, cost_usd, priced, duration_ms)
       VALUES ((SELECT id FROM sessions WHERE id = @sessionId), @createdAt, @model, @provider, @credentialId, @credentialLabel,
         @project, @inputTokens, @outputTokens, @cacheCreation, @cacheRead, @costUsd, @priced, @durationMs)
       RETURNING id`,
      ),
    total: () =>
      db.prepare<[Record<string, unknown>], UsageTotals>(`SELECT ${TOTALS} FROM usage WHERE ${RANGE}`),
    totalSession: () =>
      db.prepare<[Record<string, unknown>], UsageTotals>(
        `SELECT ${TOTALS} FROM usage WHERE session_id = @sessionId AND ${RANGE}`,
      ),
  });
  const grouped = new Map<string, ReturnType<typeof db.prepare>>();

  const range = (r: UsageRange | undefined) => ({
    since: r?.since ?? 0,
    until: r?.until ?? Number.MAX_SAFE_INTEGER,
  });

  return {
    recordUsage(row) {
      if (!row.model || !row.provider) throw invalid("A usage row needs a model and a provider.");
      if ([row.credentialId, row.credentialLabel].some((v) => v && LOOKS_LIKE_SECRET.test(v))) {
        throw invalid("credentialId looks like a secret; record a label or a short hash instead.");
      }
      const inserted = s.insert.get({
        sessionId: row.sessionId ?? null,
        createdAt: row.createdAt ?? now(),
        model: row.model,
        provider: row.provider,
        credentialId: row.credentialId ?? null,
        credentialLabel: row.credentialLabel ?? null,
        project: row.project ?? null,
        inputTokens: count(row.inputTokens),
        outputTokens: count(row.outputTokens),
        cacheCreation: count(row.cacheCreationInputTokens),
        cacheRead: count(row.cacheReadInputTokens),
        costUsd: Number.isFinite(row.costUsd) ? row.costUsd : 0,
        priced: row.priced === false ? 0 : 1,
        durationMs: row.durationMs ?? null,
      });
      return (inserted as { id: number }).id;
    },

    usageSummary({ groupBy, utcOffsetMinutes = 0, ...r }) {
      let key: string;
      if (groupBy === "day" || groupBy === "month") {
        const fmt = groupBy === "day" ? "%Y-%m-%d" : "%Y-%m";
        const offset = Math.trunc(utcOffsetMinutes) * 60_000;
        key = `strftime('${fmt}', (created_at + ${offset}) / 1000, 'unixepoch')`;
      } else {
        const col = GROUP_KEYS[groupBy];
        if (!col) throw invalid(`Unknown usage grouping '${String(groupBy)}'.`);
        key = col;
      }
      let stmt = grouped.get(key);
      if (!stmt) {
        stmt = db.prepare(`SELECT ${key} AS key, ${TOTALS} FROM usage WHERE ${RANGE} GROUP BY 1 ORDER BY 1`);
        grouped.set(key, stmt);
      }
      return stmt.all(range(r)) as UsageGroup[];
    },

    usageTotal(opts) {
      const params = range(opts);
      return opts?.sessionId === undefined
        ? (s.total.get(params) as UsageTotals)
        : (s.totalSession.get({ ...params, sessionId: opts.sessionId }) as UsageTotals);
    },

    sessionUsage(sessionId) {
      return s.totalSession.get({ ...range(undefined), sessionId }) as UsageTotals;
    },
  };
}

function count(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? Math.trunc(n) : 0;
}
