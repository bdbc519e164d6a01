import { type BerthConnection, SessionView } from "@berth/client";
import { type ParamsOf, ProtocolError, type SessionInfo } from "@berth/protocol";
import { sessionFields } from "../session-options";
import { connectOrStart, sessionEnvironment } from "../connect";
import { confirmHeldSweep } from "../interactive/retention-prompt";
import { Repl } from "../interactive/repl";
import { pickSession } from "../interactive/session-picker";
import { style } from "../interactive/style";
import { confirmTrust } from "../interactive/trust-prompt";
import { resumedTranscript } from "../interactive/transcript";
import type { InteractiveOptions } from "./interactive";

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
/** Messages drawn when a session is resumed; older ones stay in the store. */
const TRANSCRIPT_PAGE = 30;

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

/** `berth --continue|--resume [id] [--fork-session]`: the conversation, then the prompt. */
export async function runResume(options: InteractiveOptions & { request: ResumeRequest }): Promise<number> {
  const conn = await connectOrStart("confirm");
  await confirmHeldSweep(conn);
  const { session, fromSeq, forkedFrom } = await openResumed(
    conn,
    options.request,
    {
      interactive: true,
      ...sessionFields(options),
    },
    // As for a new session: the folder's project settings act only once it is trusted.
    { beforeLoad: (stored) => confirmTrust(conn, stored.cwd) },
  );
  const what = forkedFrom ? `forked ${forkedFrom.slice(0, 8)} → ${session.id}` : `resumed ${session.id}`;
  const title = session.title ?? session.firstPrompt;
  process.stdout.write(
    `${style.bold("Berth")} ${style.dim(what)}${title ? ` ${style.bold(title.slice(0, 80))}` : ""}\n${style.dim(session.cwd)}\n`,
  );
  const page = await conn.request("session/messages", { sessionId: session.id, limit: TRANSCRIPT_PAGE });
  process.stdout.write(resumedTranscript(session.id, page));
  const view = new SessionView(conn, session.id);
  view.lastSeq = fromSeq;
  const end = await new Repl(conn, view).run(options.prompt);
  await conn.close();
  return end === "detached" ? 0 : 1;
}
