// MCP servers for Berth: where they are configured, whether they may start (trust, approval
// bound to a definition hash, managed allow/deny), running them (stdio in its own process group,
// streamable HTTP, SSE) shared per project, and their tools as `mcp__<server>__<tool>`.
export { decideApproval } from "./approval/decide.js";
export type {
  ApprovalInput,
  ApprovalSettings,
  ApprovalState,
  ApprovalVerdict,
  StoredDecision,
} from "./approval/decide.js";
export {
  definitionHash,
  describeChanges,
  type Fingerprint,
  fingerprintOf,
  redactUrl,
} from "./approval/fingerprint.js";
export { type ManagedMcpPolicy, managedVerdict } from "./approval/managed-policy.js";
export { bridgeTool, type BridgedTool, mcpToolName } from "./bridge/mcp-tool.js";
export { DEFAULT_STARTUP_TIMEOUT_MS, limitsFromEnv, type McpLimits } from "./bridge/limits.js";
export { convertResult, estimateTokens } from "./bridge/result-content.js";
export { formatMcpDiagnostic, type McpDiagnostic } from "./config/diagnostics.js";
export { expandVars } from "./config/expand.js";
export {
  DEFAULT_MANAGED_MCP_PATH,
  type LoadedServers,
  type LoadServersOptions,
  loadServers,
  projectMcpPath,
  userMcpPath,
} from "./config/load-servers.js";
export { readMcpConfigText } from "./config/read-config.js";
export type { ConfiguredServer, ServerDefinition, ServerScope } from "./config/server-schema.js";
export { SERVER_NAME, serverEntrySchema } from "./config/server-schema.js";
export { McpStartError } from "./runtime/connect.js";
export {
  type PoolOptions,
  type ServerHandle,
  ServerPool,
  type ServerStatus,
  type StartRequest,
  type StatusChange,
} from "./runtime/server-pool.js";
export { signalGroup } from "./runtime/stdio-transport.js";
