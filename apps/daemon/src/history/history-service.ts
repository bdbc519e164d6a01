import { setImmediate as yieldToLoop } from "node:timers/promises";
import {
  type MethodName,
  type ParsedParamsOf,
  ProtocolError,
  type ResultOf,
  type StoredMessage,
} from "@berth/protocol";
import type { Store } from "@berth/store";
import type { Logger } from "../lifecycle/logger";
import type { RetentionPeriod } from "../retention/retention-period";
import type { RetentionSweeper } from "../retention/sweeper";
import { rowToInfo, type SessionManager } from "../sessions/manager";
import { jsonlHeader, jsonlMessage, markdownHeader, markdownMessage } from "./export-format";

type Params<M extends MethodName> = ParsedParamsOf<M>;

const EXPORT_PAGE = 100;
const DELETED = "the session was deleted from history";

/**
 * Stored history: forks, titles, paged transcripts, search, export, deletion and retention.
 * Everything pages: no request loads a whole large session.
 */
export class HistoryService {
  constructor(
    private readonly deps: {
      store: Store;
      manager: SessionManager;
      sweeper: RetentionSweeper;
      period: () => RetentionPeriod;
      logger: Logger;
    },
  ) {}

  fork(params: Params<"session/fork">): ResultOf<"session/fork"> {
    const { store, manager } = this.deps;
    // A live session's last messages may wait for their group commit: take them in.
    manager.get(params.sessionId)?.flush();
    const row = store.getSession(params.sessionId);
    if (!row) {
      if (manager.get(params.sessionId)) {
        throw new ProtocolError(
          "InvalidState",
          `Session ${params.sessionId} is not stored (it runs without persistence), so it cannot be forked.`,
        );
      }
      throw notFound(params.sessionId);
    }
    if (params.upToIdx !== undefined && params.upToIdx >= row.messageCount) {
      throw new ProtocolError(
        "InvalidParams",
        `Session ${row.id} has ${row.messageCount} messages (0..${row.messageCount - 1}); cannot fork at ${params.upToIdx}.`,
      );
    }
    const forked = store.forkSession({
      sourceId: row.id,
      ...(params.upToIdx !== undefined ? { upToIdx: params.upToIdx } : {}),
      title: params.title ?? (row.title ? `${row.title} (fork)` : null),
    });
    this.deps.logger.info({ session: forked.id, from: row.id, upToIdx: params.upToIdx }, "session forked");
    return { session: rowToInfo(forked) };
  }

  setTitle(params: Params<"session/setTitle">): ResultOf<"session/setTitle"> {
    const { store, manager } = this.deps;
    const title = params.title?.trim() || null;
    const live = manager.get(params.sessionId);
    const row = store.updateSession(params.sessionId, { title });
    if (!row && !live) throw notFound(params.sessionId);
    live?.setTitle(title);
    return { session: manager.info(params.sessionId) };
  }

  messages(params: Params<"session/messages">): ResultOf<"session/messages"> {
    const { store, manager } = this.deps;
    manager.get(params.sessionId)?.flush();
    const row = store.getSession(params.sessionId);
    let messages: StoredMessage[];
    let total: number;
    if (row) {
      total = row.messageCount;
      const fromIdx = params.fromIdx ?? Math.max(0, total - params.limit);
      messages = store.messagesPage(row.id, { fromIdx, limit: params.limit }) as StoredMessage[];
    } else {
      const live = manager.get(params.sessionId);
      if (!live) throw notFound(params.sessionId);
      ({ messages, total } = live.memoryMessages(params.fromIdx, params.limit));
    }
    const fromIdx = params.fromIdx ?? Math.max(0, total - params.limit);
    const end = fromIdx + messages.length;
    return { messages, total, fromIdx, nextIdx: end < total ? end : null };
  }

  search(params: Params<"history/search">): ResultOf<"history/search"> {
    const hits = this.deps.store.searchMessages(params.query, {
      limit: params.limit,
      ...(params.cwd ? { cwd: params.cwd } : {}),
      ...(params.highlight ? { highlight: params.highlight } : {}),
    });
    return { hits };
  }

  /** One chunk of an export; the cursor is the next message index. */
  exportChunk(params: Params<"history/export">): ResultOf<"history/export"> {
    const { store, manager } = this.deps;
    manager.get(params.sessionId)?.flush();
    const row = store.getSession(params.sessionId);
    if (!row) throw notFound(params.sessionId);
    let fromIdx = 0;
    let out = "";
    if (params.cursor === undefined) {
      out = params.format === "jsonl" ? jsonlHeader(row) : markdownHeader(row);
    } else {
      fromIdx = Number(params.cursor);
      if (!Number.isInteger(fromIdx) || fromIdx < 0) {
        throw new ProtocolError("InvalidParams", "Invalid export cursor; start again without one.");
      }
    }
    const line = params.format === "jsonl" ? jsonlMessage : markdownMessage;
    for (;;) {
      const page = store.messagesPage(row.id, { fromIdx, limit: EXPORT_PAGE });
      for (const message of page) {
        out += line(message);
        fromIdx = message.idx + 1;
        if (out.length >= params.maxBytes) return { data: out, nextCursor: String(fromIdx) };
      }
      if (page.length < EXPORT_PAGE) return { data: out, nextCursor: null };
    }
  }

  /**
   * Deletes one session, a folder's or all. A session loaded in the daemon is skipped (and
   * listed) unless `force`, in which case it is closed first: its clients see it end.
   */
  async delete(params: Params<"history/delete">): Promise<ResultOf<"history/delete">> {
    const { store, manager } = this.deps;
    const skipped: Array<{ sessionId: string; reason: string }> = [];
    const live = manager.liveIds();
    if (params.sessionId) {
      const id = params.sessionId;
      const session = manager.get(id);
      if (session && !params.force) {
        throw new ProtocolError(
          "InvalidState",
          `Session ${id} is loaded in the daemon (${session.attachedCount} client(s) attached). ` +
            "Close it first, or delete with --force (which closes it).",
        );
      }
      if (session) await manager.close(id, DELETED);
      if (!store.getSession(id)) {
        if (session) return { removedSessions: 0, ids: [], skipped };
        throw notFound(id);
      }
      return this.drain(store.deleteSessionsStepwise({ ids: [id] }), skipped);
    }
    const filter = params.all ? ("all" as const) : { cwd: params.cwd as string };
    const inScope = [...live].filter((id) => {
      const s = manager.get(id);
      return s !== undefined && (params.all || s.cwd === params.cwd);
    });
    if (params.force) {
      for (const id of inScope) await manager.close(id, DELETED);
    } else {
      for (const id of inScope) {
        if (store.getSession(id)) skipped.push({ sessionId: id, reason: "loaded in the daemon" });
      }
    }
    const exclude = params.force ? undefined : new Set(inScope);
    return this.drain(store.deleteSessionsStepwise(filter, exclude ? { excludeIds: exclude } : {}), skipped);
  }

  async prune(params: Params<"history/prune">): Promise<ResultOf<"history/prune">> {
    if (params.dryRun) {
      const { period, count, sessions } = this.deps.sweeper.dryRun(params.limit);
      return { ...periodFields(period), dryRun: true, count, sessions, sweep: null };
    }
    const sweep = await this.deps.sweeper.sweep("manual");
    if (sweep.error) throw new ProtocolError("InternalError", `The retention sweep failed: ${sweep.error}`);
    return {
      ...periodFields(this.deps.period()),
      dryRun: false,
      count: sweep.removedSessions,
      sessions: [],
      sweep,
    };
  }

  /** The user's answer to a sweep held for consent; a failed sweep is an error, not a silent null. */
  async confirmSweep(approve: boolean): Promise<ResultOf<"history/confirmSweep">["sweep"]> {
    const sweep = await this.deps.sweeper.confirm(approve);
    if (sweep?.error) throw new ProtocolError("InternalError", `The retention sweep failed: ${sweep.error}`);
    return sweep;
  }

  retention(): ResultOf<"history/retention"> {
    return { ...periodFields(this.deps.period()), ...this.deps.sweeper.status() };
  }

  /** Runs a stepwise delete, yielding to the event loop between purge steps. */
  private async drain(
    steps: Generator<
      { removedIds: string[]; done: boolean },
      { removedSessions: number; ids: string[] },
      void
    >,
    skipped: Array<{ sessionId: string; reason: string }>,
  ): Promise<ResultOf<"history/delete">> {
    for (;;) {
      const step = steps.next();
      if (step.done) {
        const ids = step.value.ids;
        this.deps.logger.info({ removed: ids.length, skipped: skipped.length }, "history deleted");
        return { removedSessions: step.value.removedSessions, ids: ids.slice(0, 1000), skipped };
      }
      await yieldToLoop();
    }
  }
}

function periodFields(period: RetentionPeriod) {
  return { cleanupPeriodDays: period.days, source: period.source, problems: period.problems };
}

function notFound(id: string): ProtocolError {
  return new ProtocolError(
    "SessionNotFound",
    `No stored session ${id}. List sessions with \`berth sessions --all\`.`,
  );
}
