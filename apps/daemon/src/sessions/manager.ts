import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import { isAbsolute } from "node:path";
import type { MessageParam } from "@anthropic-ai/sdk/resources/messages";
import { type ParsedParamsOf, ProtocolError, type ResultOf, type SessionInfo } from "@berth/protocol";
import type { SessionRecord, Store } from "@berth/store";
import type { Logger } from "../lifecycle/logger";
import type { AgentFactory } from "./agent-factory";
import { KeyedLock } from "./keyed-lock";
import type { LiveSession, Subscriber } from "./live-session";
import { loadLiveSession, loadResume } from "./session-modules";

type CreateParams = ParsedParamsOf<"session/create">;

/**
 * Owns every live session. Sessions are created by clients and loaded from the store
 * on attach; they outlive the clients that drive them.
 */
export class SessionManager {
  private readonly live = new Map<string, LiveSession>();
  /** Serialises resume/close/delete per session across connections. */
  readonly locks = new KeyedLock();

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
    const { LiveSession } = await loadLiveSession();
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
      makeAgent: (s) => prepared.build(s, { history: [], storedMessages: 0 }),
      dispose: () => prepared.dispose(),
      modeGuard: (mode) => prepared.modeGuard(mode),
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
      if (stored) {
        throw new ProtocolError(
          "InvalidState",
          `Session ${id} is stored but not loaded in the daemon; resume it first (session/resume, \`berth --resume ${id}\`).`,
        );
      }
      throw new ProtocolError("SessionNotFound", `No session ${id}. List sessions with \`berth sessions\`.`);
    }
    return session;
  }

  info(id: string): SessionInfo {
    const session = this.live.get(id);
    // Counts in the row include what is still waiting for the session's group commit.
    session?.flush();
    const row = this.store.getSession(id);
    if (row) return withLive(row, session);
    if (session) return session.snapshot();
    throw new ProtocolError("SessionNotFound", `No session ${id}.`);
  }

  attach(
    id: string,
    subscriber: Subscriber,
    afterSeq: number,
    maxReplay?: number,
  ): ResultOf<"session/attach"> {
    const session = this.require(id);
    const snapshot = session.attach(subscriber, afterSeq, maxReplay);
    return {
      session: session.snapshot(),
      lastSeq: session.log.lastSeq,
      pendingPermissions: session.permissions.list(),
      snapshot,
    };
  }

  /** Loads a stored session with the resuming client's environment; a live one is returned as is. */
  resume(params: ParsedParamsOf<"session/resume">): Promise<LiveSession> {
    return this.locks.run(params.sessionId, async () => {
      const existing = this.live.get(params.sessionId);
      if (existing) return existing;
      const { loadStoredSession } = await loadResume();
      const loaded = await loadStoredSession(
        { store: this.store, agents: this.agents, logger: this.logger },
        params,
      );
      const session = loaded.session;
      this.live.set(session.id, session);
      const info = session.snapshot();
      session.emit({
        type: "session_started",
        cwd: info.cwd,
        model: info.model ?? "",
        permissionMode: info.permissionMode,
        tools: loaded.toolNames,
      });
      if (loaded.wasInterrupted) {
        session.emit({
          type: "notice",
          level: "warning",
          message:
            "The last turn was cut off when the daemon stopped; continuing from the last complete message.",
        });
      }
      this.logger.info({ session: session.id, interrupted: loaded.wasInterrupted }, "session resumed");
      return session;
    });
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
    const sessions = page.sessions.map((row) => withLive(row, this.live.get(row.id)));
    // Unpersisted live sessions exist only in memory; list them too so users can attach.
    if (!params.cursor) {
      for (const s of this.live.values()) {
        const snap = s.snapshot();
        if (!snap.persisted && (!params.cwd || snap.cwd === params.cwd)) sessions.unshift(snap);
      }
    }
    return { sessions, nextCursor: page.nextCursor ?? null };
  }

  close(id: string, reason?: string): Promise<boolean> {
    return this.locks.run(id, async () => {
      const session = this.live.get(id);
      if (!session) return false;
      this.live.delete(id);
      await session.close(reason);
      return true;
    });
  }

  async shutdown(): Promise<void> {
    await Promise.allSettled([...this.live.values()].map((s) => s.close()));
    this.live.clear();
  }

  /** History messages for a stored session (used when resuming). */
  history(id: string): MessageParam[] {
    this.live.get(id)?.flush();
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
    bytes: row.bytes,
  };
}

/** A stored row with the live session's state on top: counts and size stay the store's. */
export function withLive(row: SessionRecord, live: LiveSession | undefined): SessionInfo {
  const stored = rowToInfo(row);
  if (!live) return stored;
  const snap = live.snapshot();
  return {
    ...snap,
    updatedAt: Math.max(snap.updatedAt, row.updatedAt),
    messageCount: row.messageCount,
    firstPrompt: row.firstPrompt ?? snap.firstPrompt,
    bytes: row.bytes,
  };
}
