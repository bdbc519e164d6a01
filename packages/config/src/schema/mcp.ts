// MCP server approval (for `.mcp.json` servers) and the managed allow/deny lists.
import { z } from "zod";
import { lazy } from "./lazy.js";

const serverMatcher = lazy(() =>
  z
    .union([
      z.looseObject({ serverName: z.string().describe("MCP server name.") }),
      z.looseObject({
        serverCommand: z.array(z.string()).describe("Exact command and arguments of a stdio server."),
      }),
      z.looseObject({ serverUrl: z.string().describe("URL pattern of a remote server; `*` is a wildcard.") }),
    ])
    .describe("Matches a server by name, by exact command line, or by URL pattern."),
);

export const mcpShape = lazy(() => ({
  enableAllProjectMcpServers: z
    .boolean()
    .describe(
      "Approve every server in the project's `.mcp.json` without asking. Read from user, local, `--settings` and managed settings only: the project's own `.claude/settings.json` cannot approve its servers.",
    )
    .optional(),
  enabledMcpjsonServers: z
    .array(z.string())
    .describe(
      "`.mcp.json` server names approved without asking. Read from user, local, `--settings` and managed settings only, like `enableAllProjectMcpServers`.",
    )
    .optional(),
  disabledMcpjsonServers: z
    .array(z.string())
    .describe(
      "`.mcp.json` server names that are rejected. Beats both approval keys and applies from any file.",
    )
    .optional(),
  allowedMcpServers: z
    .array(serverMatcher())
    .describe("(Managed only) Allowlist of MCP servers. Unset: all allowed; empty: none. The denylist wins.")
    .optional(),
  deniedMcpServers: z
    .array(serverMatcher())
    .describe("(Managed only) Denylist of MCP servers; applies to every scope and beats the allowlist.")
    .optional(),
  allowManagedMcpServersOnly: z
    .boolean()
    .describe("(Managed only) Only the managed `allowedMcpServers` list is respected.")
    .optional(),
  allowAllClaudeAiMcps: z
    .boolean()
    .describe("(Managed only) Load claude.ai connectors alongside a managed MCP configuration.")
    .optional(),
  disableClaudeAiConnectors: z
    .boolean()
    .describe("Do not fetch or connect claude.ai MCP connectors. `true` in any file wins.")
    .optional(),
}));
