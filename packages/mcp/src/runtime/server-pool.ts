// Running servers, one per (project, definition), shared by every session of that project. A
// server that crashes or fails to start is reported to its listeners and restarted with
// exponential backoff (a few attempts, then it stays failed until a session asks again); none of
// that ever throws into a session. `stopAll` is the daemon's shutdown.
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import type { ServerDefinition } from "../config/server-schema.js";
import { connectServer, type McpConnection } from "./connect.js";

export type ServerStatus = "starting" | "connected" | "restarting" | "failed" | "stopped";

export interface StatusChange {
  status: ServerStatus;
  /** Why it failed or restarted, worded for a person. */
  detail?: string;
  toolCount: number;
}

export interface StartRequest {
  project: string;
  name: string;
  hash: string;
  definition: ServerDefinition;
  env: Record<string, string>;
  cwd: string;
  startupTimeoutMs: number;
  toolTimeoutMs: number;
}

export interface ServerHandle {
  readonly name: string;
  status(): StatusChange;
  tools(): Tool[];
  instructions(): string | undefined;
  /** Resolves once the first start attempt has finished, whatever its outcome. */
  ready: Promise<void>;
  call(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult>;
  onStatus(listener: (change: StatusChange) => void): () => void;
  release(): Promise<void>;
}

export interface PoolOptions {
  /** Each stdio server's process group as it starts (and `undefined` when it is gone). */
  onGroup?: (key: string, pgid: number | undefined) => void;
  /** Restart delays; the last one repeats until `maxAttempts`. */
  backoffMs?: readonly number[];
  maxAttempts?: number;
}

const DEFAULT_BACKOFF = [1000, 2000, 4000, 8000, 16000];

class RunningServer {
  connection: McpConnection | undefined;
  state: StatusChange = { status: "starting", toolCount: 0 };
  refs = 0;
  attempts = 0;
  timer: NodeJS.Timeout | undefined;
  stopped = false;
  readonly listeners = new Set<(change: StatusChange) => void>();
  ready: Promise<void>;
  private markReady!: () => void;
  knownTools: Tool[] = [];

  constructor(
    readonly key: string,
    readonly request: StartRequest,
    private readonly options: PoolOptions,
  ) {
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
    void this.start();
  }

  private set(change: Omit<StatusChange, "toolCount">): void {
    this.state = { ...change, toolCount: this.knownTools.length };
    for (const l of this.listeners) l(this.state);
  }

  private async start(): Promise<void> {
    this.attempts++;
    try {
      const connection = await connectServer({
        definition: this.request.definition,
        env: this.request.env,
        cwd: this.request.cwd,
        startupTimeoutMs: this.request.startupTimeoutMs,
        onGroup: (pgid) => this.options.onGroup?.(this.key, pgid),
      });
      if (this.stopped) {
        await connection.close();
        return;
      }
      this.connection = connection;
      this.knownTools = connection.tools;
      this.attempts = 0;
      connection.onClosed((why) => {
        this.connection = undefined;
        this.retry(`crashed: ${why}`);
      });
      this.set({ status: "connected" });
    } catch (error) {
      this.retry(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.markReady();
    }
  }

  private retry(detail: string): void {
    if (this.stopped) return;
    const max = this.options.maxAttempts ?? DEFAULT_BACKOFF.length;
    if (this.attempts >= max) {
      this.set({ status: "failed", detail: `${detail} (gave up after ${this.attempts} attempts)` });
      return;
    }
    const backoff = this.options.backoffMs ?? DEFAULT_BACKOFF;
    const delay = backoff[Math.min(this.attempts, backoff.length - 1)] ?? 1000;
    this.set({ status: "restarting", detail: `${detail}; retrying in ${Math.round(delay / 1000)} s` });
    this.timer = setTimeout(() => void this.start(), delay);
    this.timer.unref();
  }

  async call(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult> {
    const connection = this.connection;
    if (!connection)
      throw new Error(
        `the server is ${this.state.status}${this.state.detail ? ` (${this.state.detail})` : ""}`,
      );
    return (await connection.client.callTool({ name: tool, arguments: args }, CallToolResultSchema, {
      signal,
      timeout: this.request.toolTimeoutMs,
      // A server reporting progress is alive; MCP_TOOL_TIMEOUT still bounds the whole call.
      resetTimeoutOnProgress: true,
      maxTotalTimeout: this.request.toolTimeoutMs,
    })) as CallToolResult;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
    this.set({ status: "stopped" });
    this.listeners.clear();
  }
}

export class ServerPool {
  private readonly running = new Map<string, RunningServer>();

  constructor(private readonly options: PoolOptions = {}) {}

  acquire(request: StartRequest): ServerHandle {
    const key = `${request.project}\0${request.name}\0${request.hash}`;
    let server = this.running.get(key);
    if (!server || server.stopped) {
      server = new RunningServer(key, request, this.options);
      this.running.set(key, server);
    }
    const s = server;
    s.refs++;
    let released = false;
    return {
      name: request.name,
      status: () => s.state,
      tools: () => s.knownTools,
      instructions: () => s.connection?.instructions,
      ready: s.ready,
      call: (tool, args, signal) => s.call(tool, args, signal),
      onStatus: (listener) => {
        s.listeners.add(listener);
        return () => s.listeners.delete(listener);
      },
      release: async () => {
        if (released) return;
        released = true;
        if (--s.refs > 0) return;
        this.running.delete(key);
        await s.stop();
      },
    };
  }

  /** Every server the pool runs now, for `mcp list`. */
  statusOf(project: string, name: string, hash: string): StatusChange | undefined {
    return this.running.get(`${project}\0${name}\0${hash}`)?.state;
  }

  async stopAll(): Promise<void> {
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map((s) => s.stop()));
  }
}
