export * from "./common";
export * from "./events";
export * from "./jsonrpc";
export * from "./methods";
export { Diagnostic, RuleEntry } from "./methods-policy";
export * from "./paths";
export { renderProtocolDoc } from "./docs";
