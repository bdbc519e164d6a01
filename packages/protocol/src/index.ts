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
export * from "./paths";
export { renderProtocolDoc } from "./docs";
export { BERTH_VERSION } from "./version";
