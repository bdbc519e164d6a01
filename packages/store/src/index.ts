// @berth/store — the daemon's source of truth: one SQLite database (WAL) holding sessions,
// their event log and messages, the usage ledger, the permission audit log, trust and MCP
// approvals, with full-text search and batched retention. See README.md.
export { openStore } from "./store.js";
export type { OpenStoreOptions, Store, StoreCore } from "./store.js";
export { StoreError, STORE_ERROR_CODES } from "./errors.js";
export { openSqlite } from "./sqlite.js";
export type { StoreErrorCode } from "./errors.js";
export { SCHEMA_VERSION } from "./migrations.js";
export { FIRST_PROMPT_MAX } from "./content-text.js";
export { MAX_PAGE } from "./sessions.js";
export type { SessionsApi } from "./sessions.js";
export type { EventsApi } from "./events.js";
export type { MessagesApi } from "./messages.js";
export type { UsageApi, UsageInput, UsageTotals, UsageGroup, UsageGroupBy, UsageRange } from "./usage.js";
export { COST_GROUPINGS } from "./cost-report.js";
export type {
  CostReportApi,
  CostGroupBy,
  CostFigures,
  CostRow,
  CostReport,
  CostReportOptions,
} from "./cost-report.js";
export type { AuditApi, AuditDecision, DecisionInput, DecisionRecord } from "./audit.js";
export type { TrustApi, TrustRecord, McpApproval, McpDecision } from "./trust.js";
export type { SearchApi, SearchHit, SearchOptions } from "./search.js";
export type { RecoveryApi } from "./recovery.js";
export type {
  RetentionApi,
  ExpiryOptions,
  ExpiredSession,
  SweepOptions,
  SweepBatch,
  SweepResult,
  RetentionLogEntry,
} from "./retention.js";
export type {
  SessionStatus,
  SessionRecord,
  SessionRow,
  CreateSessionInput,
  SessionPatch,
  ListSessionsOptions,
  SessionPage,
  AppendedEvent,
  EventInput,
  StoredEvent,
  ContentBlock,
  MessageContent,
  MessageContentInput,
  MessageRole,
  MessageInput,
  StoredMessage,
  HistoryMessage,
  ForkSessionInput,
} from "./types.js";
