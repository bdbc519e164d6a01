// A configured server and its verdict → what clients are shown (`mcp/list`, `berth mcp get`).
// Env and header values never leave the daemon: only their names do; URLs are masked.
import type { ApprovalVerdict, ConfiguredServer, McpDiagnostic, StatusChange } from "@berth/mcp";
import type { McpServerInfo } from "@berth/protocol";
import type { SettingsResult } from "@berth/config";
import type { ApprovalSettings, ManagedMcpPolicy } from "@berth/mcp";

export interface ResolvedServer {
  server: ConfiguredServer;
  verdict: ApprovalVerdict;
}

export function serverInfo(
  { server, verdict }: ResolvedServer,
  redactUrl: (url: string) => string,
  running: StatusChange | undefined,
  tools?: string[],
): McpServerInfo {
  const d = server.definition;
  return {
    name: server.name,
    scope: server.scope,
    source: server.source,
    transport: d.transport,
    ...(d.transport === "stdio"
      ? { command: d.command, args: d.args, envKeys: Object.keys(d.env).sort() }
      : { url: redactUrl(d.url), headerKeys: Object.keys(d.headers).sort() }),
    approval: verdict.state,
    reason: verdict.reason,
    ...(verdict.changes ? { changes: verdict.changes } : {}),
    status: running?.status ?? "not running",
    ...(running?.detail ? { detail: running.detail } : {}),
    toolCount: running?.toolCount ?? 0,
    ...(tools ? { tools } : {}),
  };
}

export function diagnosticInfo(d: McpDiagnostic) {
  return {
    severity: d.severity,
    file: d.file,
    ...(d.line !== undefined ? { line: d.line } : {}),
    ...(d.key ? { key: d.key } : {}),
    ...(d.server ? { server: d.server } : {}),
    message: d.message,
  };
}

/**
 * The approval keys, from user, local, `--settings` and managed layers only: a repository's own
 * `.claude/settings.json` never approves the servers of its own `.mcp.json`.
 */
export function approvalSettingsOf(result: SettingsResult): ApprovalSettings {
  const outside = result.origins.filter((o) => o.layer !== "project" && o.layer !== "default");
  const enabled = outside
    .filter((o) => o.key.startsWith("enabledMcpjsonServers["))
    .map((o) => String(o.value));
  const disabled = result.effective.disabledMcpjsonServers;
  return {
    enableAllProjectMcpServers: outside.some(
      (o) => o.key === "enableAllProjectMcpServers" && o.value === true,
    ),
    enabledMcpjsonServers: enabled,
    disabledMcpjsonServers: Array.isArray(disabled) ? disabled.map(String) : [],
  };
}

/** Managed-only keys: the config package already drops them from every other layer. */
export function managedPolicyOf(result: SettingsResult): ManagedMcpPolicy {
  const { allowedMcpServers, deniedMcpServers } = result.effective;
  return {
    ...(Array.isArray(allowedMcpServers) ? { allowed: allowedMcpServers } : {}),
    ...(Array.isArray(deniedMcpServers) ? { denied: deniedMcpServers } : {}),
  };
}
