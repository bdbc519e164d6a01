export * from "./common";
export * from "./events";
export * from "./jsonrpc";
export * from "./methods";
// The shapes of methods-*.ts are built on first use (lazy-table.ts); what leaves the package is
// their types.
export type {
  ExpiredSession,
  PartialTurn,
  RetentionConfirmation,
  RetentionIntent,
  SearchHit,
  SessionSnapshot,
  StoredMessage,
  SweepSummary,
} from "./methods-history";
export type { Diagnostic, RuleEntry } from "./methods-policy";
export type { McpServerEntry, McpServerInfo } from "./methods-mcp";
export { COST_GROUP_BY, SPEND_LIMIT_ERROR_CODE } from "./methods-cost";
export type { CostFigures, CostRow, SpendLimitState } from "./methods-cost";
export type { PrivacySwitchReport } from "./methods-privacy";
export type { HookEntry, MemoryFileEntry } from "./methods-context";
export * from "./paths";
export * from "./daemon-lock";
export { renderProtocolDoc } from "./docs";
export * from "./daemon-env";
export { BERTH_VERSION, PROTOCOL_VERSION } from "./version";
