import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import { isAbsolute } from "node:path";
import type { MessageParam } from "@anthropic-ai/sdk/resources/messages";
import { type ParsedParamsOf, ProtocolError, type ResultOf, type SessionInfo } from "@berth/protocol";
import type { SessionRecord, Store } from "@berth/store";
import type { Logger } from "../lifecycle/logger";
import type { AgentFactory } from "./agent-factory";
import { LiveSession, type Subscriber } from "./live-session";

type CreateParams = ParsedParamsOf<"session/create">;

/**
 * Owns every live session. Sessions are created by clients and loaded from the store
 * on attach; they outlive the clients that drive them.
 */
export class SessionManager {
  private readonly live = new Map<string, LiveSession>();

  constructor(
    private readonly store: Store,
    private readonly agents: AgentFactory,
    private readonly logger: Logger,
  ) {}

  get liveCount(): number {
    return this.live.size;
  }

  get busyCount(): number {
    let n = 0;
    for (const s of this.live.values()) if (s.isBusy) n++;
    return n;
  }

  liveIds(): Set<string> {
    return new Set(this.live.keys());
  }

  async create(params: CreateParams): Promise<LiveSession> {
    if (!isAbsolute(params.cwd) || !isDirectory(params.cwd)) {
      throw new ProtocolError(
        "InvalidParams",
        `Working directory ${params.cwd} does not exist or is not a folder.`,
      );
    }
    const prepared = await this.agents.prepare(params);
    const id = randomUUID();
    const now = Date.now();
    if (params.persist) {
      this.store.createSession({
        id,
        cwd: params.cwd,
        model: prepared.model,
        title: params.title ?? null,
      });
    }
    const session = new LiveSession({
      info: {
        id,
        cwd: params.cwd,
        title: params.title ?? null,
        model: prepared.model,
        permissionMode: prepared.permissionMode,
        createdAt: now,
        updatedAt: now,
        messageCount: 0,
        persisted: params.persist,
        firstPrompt: null,
        parentId: null,
      },
      lastSeq: 0,
      store: params.persist ? this.store : undefined,
      logger: this.logger,
      interactive: params.interactive,
      makeAgent: (s) => prepared.build(s, []),
      dispose: () => prepared.dispose(),
    });
    this.live.set(id, session);
    session.emit({
      type: "session_started",
      cwd: params.cwd,
      model: prepared.model,
      permissionMode: prepared.permissionMode,
      tools: prepared.toolNames,
    });
    this.logger.info({ session: id, cwd: params.cwd, persist: params.persist }, "session created");
    return session;
  }

  get(id: string): LiveSession | undefined {
    return this.live.get(id);
  }

  require(id: string): LiveSession {
    const session = this.live.get(id);
    if (!session) {
      const stored = this.store.getSession(id);
      throw new ProtocolError(
        "SessionNotFound",
        stored
          ? `Session ${id} is not live; attach to it to resume it.`
          : `No session ${id}. List sessions with \`berth sessions\`.`,
      );
    }
    return session;
  }

  info(id: string): SessionInfo {
    const session = this.live.get(id);
    if (session) return session.snapshot();
    const row = this.store.getSession(id);
    if (!row) throw new ProtocolError("SessionNotFound", `No session ${id}.`);
    return rowToInfo(row);
  }

  attach(id: string, subscriber: Subscriber, afterSeq: number): ResultOf<"session/attach"> {
    const session = this.require(id);
    session.attach(subscriber, afterSeq);
    return {
      session: session.snapshot(),
      lastSeq: session.log.lastSeq,
      pendingPermissions: session.permissions.list(),
    };
  }

  detachEverywhere(clientId: string): void {
    for (const session of this.live.values()) session.detach(clientId);
  }

  list(params: ParsedParamsOf<"session/list">): ResultOf<"session/list"> {
    const page = this.store.listSessions({
      limit: params.limit,
      ...(params.cwd ? { cwd: params.cwd } : {}),
      ...(params.cursor ? { cursor: params.cursor } : {}),
    });
    const sessions = page.sessions.map((row) => this.live.get(row.id)?.snapshot() ?? rowToInfo(row));
    // Unpersisted live sessions exist only in memory; list them too so users can attach.
    if (!params.cursor) {
      for (const s of this.live.values()) {
        const snap = s.snapshot();
        if (!snap.persisted && (!params.cwd || snap.cwd === params.cwd)) sessions.unshift(snap);
      }
    }
    return { sessions, nextCursor: page.nextCursor ?? null };
  }

  async close(id: string): Promise<boolean> {
    const session = this.live.get(id);
    if (!session) return false;
    this.live.delete(id);
    await session.close();
    return true;
  }

  async shutdown(): Promise<void> {
    await Promise.allSettled([...this.live.values()].map((s) => s.close()));
    this.live.clear();
  }

  /** History messages for a stored session (used when resuming). */
  history(id: string): MessageParam[] {
    return this.store.loadHistory(id) as unknown as MessageParam[];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function rowToInfo(row: SessionRecord): SessionInfo {
  return {
    id: row.id,
    cwd: row.cwd,
    title: row.title ?? null,
    model: row.model ?? null,
    status: row.status === "running" ? "interrupted" : row.status,
    permissionMode: "default",
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastSeq: row.lastSeq,
    messageCount: row.messageCount,
    live: false,
    attachedClients: 0,
    persisted: true,
    firstPrompt: row.firstPrompt ?? null,
    parentId: row.parentId ?? null,
  };
}
