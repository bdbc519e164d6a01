// The daemon's MCP side: one pool of running servers shared by all sessions, the process-group
// registry, and the questions clients ask about a folder's servers. @berth/mcp (and with it the
// MCP SDK) is loaded on first need, so a daemon whose sessions use no MCP never pays for it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { SettingsResult } from "@berth/config";
import type { ServerPool } from "@berth/mcp";
import { ProtocolError } from "@berth/protocol";
import type { Store } from "@berth/store";
import type { Logger } from "../lifecycle/logger";
import { GroupRegistry } from "./group-registry";
import {
  approvalSettingsOf,
  diagnosticInfo,
  managedPolicyOf,
  type ResolvedServer,
  serverInfo,
} from "./server-info";

type McpModule = typeof import("@berth/mcp");

export interface McpServiceOptions {
  store: Store;
  logger: Logger;
  berthHome: string;
  runDir: string;
  /** `managed-mcp.json` (default: beside the system managed settings). */
  managedMcpPath?: string;
}

/** What the servers of one folder are judged by. */
export interface FolderContext {
  projectRoot: string;
  cwd: string;
  env: Record<string, string>;
  trusted: boolean;
  settings: SettingsResult;
  mcpConfig: readonly string[];
  strictMcpConfig: boolean;
}

export class McpService {
  private module: Promise<McpModule> | undefined;
  private pool: ServerPool | undefined;
  readonly registry: GroupRegistry;

  constructor(readonly options: McpServiceOptions) {
    this.registry = new GroupRegistry(options.runDir, options.logger);
  }

  load(): Promise<McpModule> {
    this.module ??= import("@berth/mcp");
    return this.module;
  }

  async poolOf(): Promise<ServerPool> {
    const mcp = await this.load();
    this.pool ??= new mcp.ServerPool({ onGroup: (key, pgid) => this.registry.record(key, pgid) });
    return this.pool;
  }

  get managedPath(): string {
    return this.options.managedMcpPath ?? "/etc/claude-code/managed-mcp.json";
  }

  /** Cheap check before loading anything: does any MCP configuration exist for this folder? */
  anyConfigured(ctx: Pick<FolderContext, "projectRoot" | "mcpConfig">): boolean {
    return (
      ctx.mcpConfig.length > 0 ||
      existsSync(join(ctx.projectRoot, ".mcp.json")) ||
      existsSync(join(this.options.berthHome, "mcp.json")) ||
      existsSync(this.managedPath)
    );
  }

  async resolve(ctx: FolderContext) {
    const mcp = await this.load();
    const loaded = mcp.loadServers({
      projectRoot: ctx.projectRoot,
      berthHome: this.options.berthHome,
      env: ctx.env,
      managedPath: this.managedPath,
      mcpConfigs: ctx.mcpConfig,
      strictMcpConfig: ctx.strictMcpConfig,
      cwd: ctx.cwd,
    });
    const settings = approvalSettingsOf(ctx.settings);
    const managed = managedPolicyOf(ctx.settings);
    const servers: ResolvedServer[] = loaded.servers.map((server) => {
      const stored = this.options.store.getMcpApproval(ctx.projectRoot, server.name);
      return {
        server,
        verdict: mcp.decideApproval({
          server,
          trusted: ctx.trusted,
          settings,
          managed,
          ...(stored ? { stored } : {}),
        }),
      };
    });
    return { mcp, servers, diagnostics: loaded.diagnostics };
  }

  async list(ctx: FolderContext) {
    const { mcp, servers, diagnostics } = await this.resolve(ctx);
    return {
      servers: servers.map((r) => serverInfo(r, mcp.redactUrl, this.statusOf(ctx.projectRoot, r))),
      diagnostics: diagnostics.map(diagnosticInfo),
    };
  }

  async get(ctx: FolderContext, name: string) {
    const { mcp, servers } = await this.resolve(ctx);
    const found = this.find(servers, name);
    return serverInfo(found, mcp.redactUrl, this.statusOf(ctx.projectRoot, found));
  }

  /** Records the user's decision about a project server, bound to its definition as it is now. */
  async decide(ctx: FolderContext, name: string, decision: "approved" | "rejected") {
    const { mcp, servers } = await this.resolve(ctx);
    const found = this.find(servers, name);
    if (found.server.scope !== "project")
      throw new ProtocolError(
        "InvalidParams",
        `${name} is a ${found.server.scope} server; only .mcp.json servers need approval.`,
      );
    if (!ctx.trusted)
      throw new ProtocolError(
        "InvalidState",
        `The folder ${ctx.projectRoot} is not trusted; trust it first (its MCP servers never start until then).`,
      );
    if (found.verdict.state === "denied")
      throw new ProtocolError("PolicyRefused", `${name} is ${found.verdict.reason}.`);
    this.record(ctx.projectRoot, found, decision, mcp);
    return this.get(ctx, name);
  }

  record(
    project: string,
    { server, verdict }: ResolvedServer,
    decision: "approved" | "rejected",
    mcp: McpModule,
  ) {
    this.options.store.setMcpApproval({
      project,
      serverName: server.name,
      definitionHash: verdict.hash,
      decision,
      fingerprint: JSON.stringify(mcp.fingerprintOf(server.definition)),
    });
    this.options.logger.info({ project, server: server.name, decision }, "MCP server decision recorded");
  }

  revoke(projectRoot: string, name: string): boolean {
    return this.options.store.revokeMcpApproval(projectRoot, name);
  }

  resetProjectChoices(projectRoot: string): number {
    let removed = 0;
    for (const a of this.options.store.listMcpApprovals(projectRoot))
      if (this.options.store.revokeMcpApproval(projectRoot, a.serverName)) removed++;
    return removed;
  }

  private statusOf(project: string, { server, verdict }: ResolvedServer) {
    return this.pool?.statusOf(project, server.name, verdict.hash);
  }

  private find(servers: ResolvedServer[], name: string): ResolvedServer {
    const found = servers.find((s) => s.server.name === name);
    if (!found)
      throw new ProtocolError(
        "InvalidParams",
        `No MCP server named ${name} here. List them with \`berth mcp list\`.`,
      );
    return found;
  }

  async shutdown(): Promise<void> {
    await this.pool?.stopAll();
  }
}
