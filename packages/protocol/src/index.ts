export * from "./common";
export * from "./events";
export * from "./jsonrpc";
export * from "./methods";
export { renderProtocolDoc } from "./docs";
