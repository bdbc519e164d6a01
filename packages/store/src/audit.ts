// The permission audit log: every allow / ask / deny decision, with the rule and the settings
// file that decided it. Rows tied to a session are deleted with it (input summaries are
// transcript content); decisions made outside a session are kept.
import { invalid } from "./errors.js";
import { clampLimit } from "./sessions.js";
import { lazyTable } from "@berth/protocol/lazy-table";
import type { StoreContext } from "./types.js";

export type AuditDecision = "allow" | "ask" | "deny";

export interface DecisionInput {
  sessionId?: string | null;
  tool: string;
  /** A short, already-redacted description of the input (command line, path, URL). */
  inputSummary?: string;
  decision: AuditDecision;
  /** What finally happened, e.g. 'allowed-once', 'allowed-always', 'denied-by-user', 'denied-by-policy'. */
  outcome?: string | null;
  reason?: string | null;
  /** The rule that decided, e.g. 'Bash(npm run test:*)'. */
  rule?: string | null;
  /** Where the rule came from, e.g. a settings file path or 'mode:plan'. */
  source?: string | null;
}

export interface DecisionRecord {
  id: number;
  createdAt: number;
  sessionId: string | null;
  tool: string;
  inputSummary: string;
  decision: AuditDecision;
  outcome: string | null;
  reason: string | null;
  rule: string | null;
  source: string | null;
}

export interface AuditApi {
  /** Returns the row id, so the final outcome of an 'ask' can be filled in later. */
  recordDecision(row: DecisionInput): number;
  setDecisionOutcome(id: number, outcome: string): boolean;
  /** Newest first. `beforeId` pages further back. */
  listDecisions(opts: { sessionId?: string; limit: number; beforeId?: number }): DecisionRecord[];
}

/** Summaries are for humans scanning a log; cap them so a huge heredoc cannot bloat the table. */
export const MAX_INPUT_SUMMARY = 2_000;

const COLUMNS = `id, created_at AS createdAt, session_id AS sessionId, tool, input_summary AS inputSummary,
  decision, outcome, reason, rule, source`;

export function createAudit({ db, now }: StoreContext): AuditApi {
  const s = lazyTable({
    insert: () =>
      db.prepare<[Record<string, unknown>], { id: number }>(
        `INSERT INTO audit (created_at, session_id, tool, input_summary, decision, outcome, reason, rule, source)
       VALUES (@now, (SELECT id FROM sessions WHERE id = @sessionId), @tool, @inputSummary, @decision, @outcome,
         @reason, @rule, @source)
       RETURNING id`,
      ),
    outcome: () => db.prepare<[string, number]>("UPDATE audit SET outcome = ? WHERE id = ?"),
    all: () =>
      db.prepare<[number, number], DecisionRecord>(
        `SELECT ${COLUMNS} FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?`,
      ),
    bySession: () =>
      db.prepare<[string, number, number], DecisionRecord>(
        `SELECT ${COLUMNS} FROM audit WHERE session_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
      ),
  });

  return {
    recordDecision(row) {
      if (!row.tool) throw invalid("An audit row needs a tool name.");
      if (!["allow", "ask", "deny"].includes(row.decision)) {
        throw invalid(`Unknown decision '${String(row.decision)}'.`);
      }
      const inserted = s.insert.get({
        now: now(),
        sessionId: row.sessionId ?? null,
        tool: row.tool,
        inputSummary: (row.inputSummary ?? "").slice(0, MAX_INPUT_SUMMARY),
        decision: row.decision,
        outcome: row.outcome ?? null,
        reason: row.reason ?? null,
        rule: row.rule ?? null,
        source: row.source ?? null,
      });
      return (inserted as { id: number }).id;
    },

    setDecisionOutcome(id, outcome) {
      return s.outcome.run(outcome, id).changes > 0;
    },

    listDecisions({ sessionId, limit, beforeId }) {
      const before = beforeId ?? Number.MAX_SAFE_INTEGER;
      const n = clampLimit(limit);
      return sessionId === undefined ? s.all.all(before, n) : s.bySession.all(sessionId, before, n);
    },
  };
}
