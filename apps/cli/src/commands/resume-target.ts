import type { BerthConnection } from "@berth/client";
import { type ParamsOf, ProtocolError, type SessionInfo } from "@berth/protocol";
import { sessionEnvironment } from "../connect";

// Which stored session `--continue`/`--resume` mean, and loading it. Kept apart from the
// interactive resume (resume.ts) so `berth -p --resume` and `berth history` never load the REPL.

/** `--continue`, `--resume [id]` and `--fork-session`, as parsed from the command line. */
export interface ResumeRequest {
  continue: boolean;
  /** An id, or true for `--resume` without one (the picker). */
  resume: string | true | undefined;
  fork: boolean;
}

/** The session options a resumed session may take from this command line. */
export type ResumeOverrides = Omit<ParamsOf<"session/resume">, "sessionId" | "env">;

export class ResumeError extends Error {}

/** Sessions the picker offers: the most recent first, at most this many (listing is paged). */
const PICKER_LIMIT = 1000;
export function wantsResume(r: ResumeRequest): boolean {
  return r.continue || r.resume !== undefined;
}

/** Which stored session the flags name: the latest here, a given id (or unique prefix), or a picked one. */
export async function resolveTarget(conn: BerthConnection, r: ResumeRequest, cwd: string): Promise<string> {
  if (r.continue) {
    const { sessions } = await conn.request("session/list", { cwd, limit: 20 });
    const latest = sessions.find((s) => s.persisted);
    if (!latest) throw new ResumeError(`No previous session in ${cwd}. Start one with \`berth\`.`);
    return latest.id;
  }
  if (typeof r.resume === "string") return findSessionId(conn, r.resume);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new ResumeError(
      "--resume without an id needs a terminal for the picker. Pass the id: `berth --resume <id>` (ids: `berth sessions --all`).",
    );
  }
  const sessions = await listStored(conn);
  if (sessions.length === 0)
    throw new ResumeError("No stored sessions to resume yet. Start one with `berth`.");
  // The picker (a full-screen list) loads only when it is shown.
  const { pickSession } = await import("../interactive/session-picker");
  const picked = await pickSession(sessions, cwd);
  if (!picked) throw new ResumeError("No session picked.");
  return picked;
}

/** A full session id, or a unique prefix of one (at least 4 characters). */
export async function findSessionId(conn: BerthConnection, id: string): Promise<string> {
  try {
    return (await conn.request("session/get", { sessionId: id })).session.id;
  } catch (error) {
    if (!(error instanceof ProtocolError) || error.errorName !== "SessionNotFound" || id.length < 4)
      throw error;
  }
  const matches = (await listStored(conn)).filter((s) => s.id.startsWith(id));
  if (matches.length === 1) return (matches[0] as SessionInfo).id;
  throw new ResumeError(
    matches.length === 0
      ? `No session ${id}. List them with \`berth sessions --all\`.`
      : `${matches.length} sessions start with ${id}; give more of the id.`,
  );
}

async function listStored(conn: BerthConnection): Promise<SessionInfo[]> {
  const out: SessionInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await conn.request("session/list", { limit: 200, ...(cursor ? { cursor } : {}) });
    out.push(...page.sessions.filter((s) => s.persisted));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < PICKER_LIMIT);
  return out;
}

/**
 * Forks when asked, then loads the session with this terminal's environment. `fromSeq` is where
 * the log stood before loading: attaching from there shows the load's own events (model, mode,
 * an interrupted-turn notice) and everything after.
 */
export async function openResumed(
  conn: BerthConnection,
  r: ResumeRequest,
  overrides: ResumeOverrides,
  options: { cwd?: string; beforeLoad?: (stored: SessionInfo) => Promise<unknown> } = {},
): Promise<{ session: SessionInfo; fromSeq: number; forkedFrom?: string }> {
  const cwd = options.cwd ?? process.cwd();
  let id = await resolveTarget(conn, r, cwd);
  let forkedFrom: string | undefined;
  if (r.fork) {
    forkedFrom = id;
    id = (await conn.request("session/fork", { sessionId: id })).session.id;
  }
  const before = (await conn.request("session/get", { sessionId: id })).session;
  await options.beforeLoad?.(before);
  const { session } = await conn.request("session/resume", {
    ...overrides,
    sessionId: id,
    env: sessionEnvironment(),
  });
  return {
    session,
    fromSeq: before.live ? session.lastSeq : before.lastSeq,
    ...(forkedFrom ? { forkedFrom } : {}),
  };
}
