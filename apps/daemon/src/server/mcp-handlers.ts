import type { MethodName } from "@berth/protocol";
import type { SettingsService } from "../policy/settings-service";
import { projectRootOf } from "../policy/project-root";
import { addServer, removeServer } from "../mcp/mcp-files";
import type { FolderContext, McpService } from "../mcp/mcp-service";
import type { Handlers } from "./router";

type McpMethod = Extract<MethodName, `mcp/${string}`>;

/** `berth mcp ...`: what a folder's sessions would see, approvals, and adding/removing servers. */
export function createMcpHandlers(deps: {
  mcp: McpService;
  settings: SettingsService;
  isTrusted: (projectRoot: string) => boolean;
}): Pick<Handlers, McpMethod> {
  const folder = (p: {
    cwd: string;
    env: Record<string, string>;
    mcpConfig?: string[];
    strictMcpConfig?: boolean;
  }): FolderContext => {
    const projectRoot = projectRootOf(p.cwd);
    const trusted = deps.isTrusted(projectRoot);
    const settings = deps.settings.load({ cwd: p.cwd, projectRoot, trusted, cli: {} });
    return {
      projectRoot,
      cwd: p.cwd,
      // As setUpSession builds it, so hashes match what a session started from this client sees.
      env: { ...p.env, ...settings.effective.env },
      trusted,
      settings,
      mcpConfig: p.mcpConfig ?? [],
      strictMcpConfig: p.strictMcpConfig === true,
    };
  };
  return {
    "mcp/list": (_conn, params) => deps.mcp.list(folder(params)),
    "mcp/get": async (_conn, params) => ({ server: await deps.mcp.get(folder(params), params.name) }),
    "mcp/approve": async (_conn, params) => ({
      server: await deps.mcp.decide(folder(params), params.name, params.decision),
    }),
    "mcp/revoke": (_conn, params) => ({ removed: deps.mcp.revoke(projectRootOf(params.cwd), params.name) }),
    "mcp/resetProjectChoices": (_conn, params) => ({
      removed: deps.mcp.resetProjectChoices(projectRootOf(params.cwd)),
    }),
    "mcp/add": (_conn, params) => ({
      file: addServer(
        deps.mcp.options.berthHome,
        projectRootOf(params.cwd),
        params.scope,
        params.name,
        params.server,
      ),
    }),
    "mcp/remove": (_conn, params) =>
      removeServer(deps.mcp.options.berthHome, projectRootOf(params.cwd), params.name, params.scope),
  };
}
