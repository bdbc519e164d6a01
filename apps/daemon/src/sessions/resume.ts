import { statSync } from "node:fs";
import { CreateSessionParams, type ParsedParamsOf, ProtocolError } from "@berth/protocol";
import type { Store } from "@berth/store";
import type { Logger } from "../lifecycle/logger";
import type { AgentFactory } from "./agent-factory";
import { LiveSession } from "./live-session";
import { modelHistory } from "./model-history";

type ResumeParams = ParsedParamsOf<"session/resume">;

export interface LoadedSession {
  session: LiveSession;
  /** The stored session was cut off mid-turn (daemon crash or kill). */
  wasInterrupted: boolean;
  toolNames: string[];
}

/**
 * Builds a live session from a stored one. The environment (provider, credentials, proxies)
 * comes from the resuming client, as for a new session; the folder, title and model come from
 * the store. The history is read from the store only when the first turn needs it.
 */
export async function loadStoredSession(
  deps: { store: Store; agents: AgentFactory; logger: Logger },
  params: ResumeParams,
): Promise<LoadedSession> {
  const { store } = deps;
  const id = params.sessionId;
  const row = store.getSession(id);
  if (!row) throw notFound(id);
  if (!isDirectory(row.cwd)) {
    throw new ProtocolError(
      "InvalidState",
      `Session ${id} ran in ${row.cwd}, which no longer exists. Recreate that folder to resume it.`,
    );
  }
  const { sessionId: _id, ...rest } = params;
  const createParams = CreateSessionParams().parse({
    ...rest,
    cwd: row.cwd,
    persist: true,
    ...(row.title ? { title: row.title } : {}),
    ...((params.model ?? row.model) ? { model: params.model ?? row.model } : {}),
  });
  const prepared = await deps.agents.prepare(createParams);
  // Re-read after the await: a delete or the retention sweep may have removed it meanwhile.
  const fresh = store.getSession(id);
  if (!fresh) {
    await prepared.dispose();
    throw notFound(id);
  }
  const session = new LiveSession({
    info: {
      id,
      cwd: fresh.cwd,
      title: fresh.title,
      model: prepared.model,
      permissionMode: prepared.permissionMode,
      createdAt: fresh.createdAt,
      updatedAt: fresh.updatedAt,
      messageCount: fresh.messageCount,
      persisted: true,
      firstPrompt: fresh.firstPrompt,
      parentId: fresh.parentId,
      bytes: fresh.bytes,
    },
    lastSeq: fresh.lastSeq,
    store,
    logger: deps.logger,
    interactive: createParams.interactive,
    makeAgent: (s) => prepared.build(s, modelHistory(store, id)),
    modeGuard: (mode) => prepared.modeGuard(mode),
    dispose: () => prepared.dispose(),
  });
  const wasInterrupted = fresh.status === "interrupted" || fresh.status === "running";
  if (fresh.status !== "idle") store.updateSession(id, { status: "idle" });
  return { session, wasInterrupted, toolNames: prepared.toolNames };
}

function notFound(id: string): ProtocolError {
  return new ProtocolError(
    "SessionNotFound",
    `No stored session ${id}. List sessions with \`berth sessions --all\`.`,
  );
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
