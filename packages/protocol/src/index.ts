export * from "./common";
export * from "./events";
export * from "./jsonrpc";
export * from "./methods";
export * from "./paths";
export { renderProtocolDoc } from "./docs";
