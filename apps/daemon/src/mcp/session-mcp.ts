// One session's MCP servers: the approved ones start as the session is prepared (in parallel,
// shared through the pool), project servers waiting for approval are asked about once clients can
// see the session, and the tools of every connected server are offered before each model request.
// Print mode never approves anything implicitly: an unapproved server just does not start.
import type { BridgedTool, McpDiagnostic, McpLimits, ServerHandle, StatusChange } from "@berth/mcp";
import type { SessionEvent } from "@berth/protocol";
import type { Policy } from "../sessions/gate";
import type { LiveSession } from "../sessions/live-session";
import type { SessionSetup } from "../sessions/session-setup";
import { askApproval } from "./approval-question";
import type { FolderContext, McpService } from "./mcp-service";
import type { ResolvedServer } from "./server-info";

type McpModule = typeof import("@berth/mcp");

export class SessionMcp {
  private readonly handles = new Map<string, ServerHandle>();
  /** Start-ups and approval questions the first model request waits for. */
  private readonly waits: Promise<unknown>[] = [];
  private readonly controller = new AbortController();
  /** Status listeners on shared servers, removed when this session goes. */
  private readonly unsubscribes: Array<() => void> = [];
  private readonly bridged = new Map<string, { from: unknown; tools: BridgedTool[] }>();
  private session: LiveSession | undefined;
  private firstRequest = true;

  constructor(
    private readonly service: McpService,
    private readonly mcp: McpModule,
    private readonly ctx: FolderContext & { toolEnv: Record<string, string>; limits: McpLimits },
    readonly servers: ResolvedServer[],
    private readonly diagnostics: McpDiagnostic[],
  ) {
    for (const s of servers) if (s.verdict.state === "approved") this.waits.push(this.start(s));
  }

  private async start({ server, verdict }: ResolvedServer): Promise<void> {
    const pool = await this.service.poolOf();
    if (this.controller.signal.aborted) return;
    const handle = pool.acquire({
      project: this.ctx.projectRoot,
      name: server.name,
      hash: verdict.hash,
      definition: server.definition,
      env: this.ctx.toolEnv,
      cwd: this.ctx.projectRoot,
      startupTimeoutMs: server.timeoutMs ?? this.ctx.limits.startupTimeoutMs,
      toolTimeoutMs: this.ctx.limits.toolTimeoutMs,
    });
    this.handles.set(server.name, handle);
    this.unsubscribes.push(handle.onStatus((change) => this.emit(statusEvent(server.name, change))));
    await handle.ready;
    this.emit(statusEvent(server.name, handle.status()));
  }

  private emit(event: SessionEvent): void {
    if (!this.controller.signal.aborted) this.session?.emit(event);
  }

  /** Called once the session exists: report what will not start and ask about pending servers. */
  attach(session: LiveSession): void {
    this.session = session;
    for (const d of this.diagnostics)
      session.emit({
        type: "notice",
        level: d.severity,
        message: `MCP configuration: ${this.mcp.formatMcpDiagnostic(d)}`,
      });
    for (const resolved of this.servers) {
      const { server, verdict } = resolved;
      const handle = this.handles.get(server.name);
      if (handle) {
        session.emit(statusEvent(server.name, handle.status()));
        continue;
      }
      if (verdict.state === "approved") continue; // still acquiring; reported when ready
      const status =
        verdict.state === "denied" ? "denied" : verdict.state === "rejected" ? "rejected" : "pending";
      session.emit({ type: "mcp_status", server: server.name, status, detail: verdict.reason, toolCount: 0 });
      if (verdict.state !== "pending") continue;
      if (!session.interactive) {
        session.emit({
          type: "notice",
          level: "warning",
          message: `MCP server "${server.name}" from ${server.source} is not approved, so it was not started (print mode never approves). Approve it with \`berth mcp approve ${server.name}\`.`,
        });
        continue;
      }
      this.waits.push(this.ask(session, resolved));
    }
  }

  private async ask(session: LiveSession, resolved: ResolvedServer): Promise<void> {
    const answer = await askApproval(session, resolved, this.mcp.redactUrl, this.controller.signal).catch(
      () => "deny" as const,
    );
    if (this.controller.signal.aborted) return;
    if (answer === "allow_always") this.service.record(this.ctx.projectRoot, resolved, "approved", this.mcp);
    if (answer === "deny") {
      // Only a real answer is remembered; an interrupt or a closed session asks again next time.
      this.service.record(this.ctx.projectRoot, resolved, "rejected", this.mcp);
      session.emit({
        type: "mcp_status",
        server: resolved.server.name,
        status: "rejected",
        detail: "rejected by you",
        toolCount: 0,
      });
      return;
    }
    await this.start(resolved);
  }

  /**
   * The MCP tools for the next model request. The first request waits for the start-up attempts
   * (each bounded by its start-up timeout) and for answers to approval questions; interrupting
   * the turn stops the wait.
   */
  async tools(signal: AbortSignal): Promise<BridgedTool[]> {
    if (this.firstRequest) {
      this.firstRequest = false;
      const aborted = new Promise<void>((resolve) =>
        signal.addEventListener("abort", () => resolve(), { once: true }),
      );
      await Promise.race([Promise.all(this.waits), aborted]);
    }
    const out: BridgedTool[] = [];
    for (const [name, handle] of this.handles) {
      if (handle.status().status !== "connected") continue;
      const tools = handle.tools();
      let cached = this.bridged.get(name);
      if (cached?.from !== tools) {
        cached = {
          from: tools,
          tools: tools.map((t) => this.mcp.bridgeTool(name, t, handle.call, this.ctx.limits.maxOutputTokens)),
        };
        this.bridged.set(name, cached);
      }
      out.push(...cached.tools);
    }
    return out;
  }

  /** Connected servers' own instructions, for the system prompt (as Claude Code includes them). */
  instructions(): string[] {
    const parts: string[] = [];
    for (const [name, handle] of this.handles) {
      const text = handle.status().status === "connected" ? handle.instructions() : undefined;
      if (text) parts.push(`## ${name}\n${text}`);
    }
    return parts.length ? [`# MCP Server Instructions\n\n${parts.join("\n\n")}`] : [];
  }

  /** What the server says about one of its tools, worded for a permission question. */
  hintFor(toolName: string): string | undefined {
    for (const [server, handle] of this.handles) {
      const prefix = `mcp__${server}__`;
      if (!toolName.startsWith(prefix)) continue;
      const a = handle.tools().find((t) => t.name === toolName.slice(prefix.length))?.annotations;
      if (!a) return undefined;
      const said = [
        a.readOnlyHint === true ? "read-only" : undefined,
        a.destructiveHint === true ? "destructive" : undefined,
        a.openWorldHint === true ? "reaches outside systems" : undefined,
      ].filter(Boolean);
      return said.length ? `the server describes this tool as ${said.join(", ")}` : undefined;
    }
    return undefined;
  }

  async dispose(): Promise<void> {
    this.controller.abort("session closed");
    for (const off of this.unsubscribes.splice(0)) off();
    await Promise.all([...this.handles.values()].map((h) => h.release()));
    this.handles.clear();
  }
}

function statusEvent(server: string, change: StatusChange): SessionEvent {
  return {
    type: "mcp_status",
    server,
    status: change.status,
    toolCount: change.toolCount,
    ...(change.detail ? { detail: change.detail } : {}),
  };
}

/** The session's MCP servers, or undefined when nothing is configured (and nothing is loaded). */
export async function openSessionMcp(
  service: McpService,
  setup: SessionSetup,
  flags: { mcpConfig: readonly string[]; strictMcpConfig?: boolean | undefined },
  toolEnv: Record<string, string>,
): Promise<SessionMcp | undefined> {
  const ctx: FolderContext = {
    projectRoot: setup.projectRoot,
    cwd: setup.cwd,
    env: setup.env,
    trusted: setup.trusted,
    settings: setup.settings,
    mcpConfig: flags.mcpConfig,
    strictMcpConfig: flags.strictMcpConfig === true,
  };
  if (!service.anyConfigured(ctx)) return undefined;
  const { mcp, servers, diagnostics } = await service.resolve(ctx);
  const limits = mcp.limitsFromEnv(setup.env);
  return new SessionMcp(service, mcp, { ...ctx, toolEnv, limits }, servers, diagnostics);
}

/**
 * The session's policy with MCP tool annotations added to the reason of a question, so the user
 * sees what the server claims (`readOnlyHint`, `destructiveHint`). Only the wording of an `ask`
 * changes: a server's hints never turn a question into an allow.
 */
export function withMcpHints(policy: Policy, mcp: SessionMcp | undefined): Policy {
  if (!mcp) return policy;
  return {
    decide(tool, input) {
      const verdict = policy.decide(tool, input);
      const hint = verdict.behavior === "ask" ? mcp.hintFor(tool) : undefined;
      return hint ? { ...verdict, reason: `${verdict.reason} (${hint})` } : verdict;
    },
    remember: (tool, verdict, answer) => policy.remember(tool, verdict, answer),
  };
}
