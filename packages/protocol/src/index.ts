export * from "./common";
export * from "./events";
export * from "./jsonrpc";
export * from "./methods";
export {
  ExpiredSession,
  PartialTurn,
  RetentionConfirmation,
  RetentionIntent,
  SearchHit,
  SessionSnapshot,
  StoredMessage,
  SweepSummary,
} from "./methods-history";
export { Diagnostic, RuleEntry } from "./methods-policy";
export { McpServerEntry, McpServerInfo } from "./methods-mcp";
export {
  COST_GROUP_BY,
  CostFigures,
  CostRow,
  SPEND_LIMIT_ERROR_CODE,
  SpendLimitState,
} from "./methods-cost";
export { PrivacySwitchReport } from "./methods-privacy";
export { HookEntry, MemoryFileEntry } from "./methods-context";
export * from "./paths";
export * from "./daemon-lock";
export { renderProtocolDoc } from "./docs";
export * from "./daemon-env";
export { BERTH_VERSION, PROTOCOL_VERSION } from "./version";
