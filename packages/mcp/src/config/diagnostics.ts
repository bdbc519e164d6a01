// Problems found in MCP configuration. Each names the file, the line and the key, so a team can
// fix a shared `.mcp.json` without guessing; a problem in one server never hides the others.
export interface McpDiagnostic {
  severity: "error" | "warning";
  file: string;
  /** 1-based; absent when the problem is not tied to a place in the file. */
  line?: number;
  /** Dotted key path, e.g. `mcpServers.github.command`. */
  key?: string;
  server?: string;
  message: string;
}

export function formatMcpDiagnostic(d: McpDiagnostic): string {
  const where = d.line === undefined ? d.file : `${d.file}:${d.line}`;
  return `${where}${d.key ? ` (${d.key})` : ""}: ${d.message}`;
}
