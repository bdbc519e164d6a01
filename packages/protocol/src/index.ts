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
export * from "./paths";
export { renderProtocolDoc } from "./docs";
export * from "./daemon-env";
export { BERTH_VERSION } from "./version";
