import { type BerthConnection, SessionView } from "@berth/client";
import type { SessionInfo } from "@berth/protocol";
import { sessionFields } from "../session-options";
import { connectOrStart } from "../connect";
import { confirmHeldSweep } from "../interactive/retention-prompt";
import { Repl } from "../interactive/repl";
import { style } from "../interactive/style";
import { confirmTrust } from "../interactive/trust-prompt";
import { resumedTranscript } from "../interactive/transcript";
import type { InteractiveOptions } from "./interactive";
import { openResumed, type ResumeRequest } from "./resume-target";

/** Messages drawn when a session is resumed; older ones stay in the store. */
const TRANSCRIPT_PAGE = 30;

/** `berth --continue|--resume [id] [--fork-session]`: the conversation, then the prompt. */
export async function runResume(options: InteractiveOptions & { request: ResumeRequest }): Promise<number> {
  const conn = await connectOrStart("confirm", { forSession: true });
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
  await showResumed(conn, session, forkedFrom);
  const view = new SessionView(conn, session.id);
  view.lastSeq = fromSeq;
  const end = await driveTerminal(conn, view, options.prompt);
  await conn.close();
  return end === "detached" ? 0 : 1;
}

/** The banner and the latest messages of a session this terminal has just opened. */
async function showResumed(conn: BerthConnection, session: SessionInfo, forkedFrom?: string): Promise<void> {
  const what = forkedFrom ? `forked ${forkedFrom.slice(0, 8)} → ${session.id}` : `resumed ${session.id}`;
  const title = session.title ?? session.firstPrompt;
  process.stdout.write(
    `${style.bold("Berth")} ${style.dim(what)}${title ? ` ${style.bold(title.slice(0, 80))}` : ""}\n${style.dim(session.cwd)}\n`,
  );
  const page = await conn.request("session/messages", { sessionId: session.id, limit: TRANSCRIPT_PAGE });
  process.stdout.write(resumedTranscript(session.id, page));
}

/**
 * Runs the prompt for `view`, and again for each session picked with /resume. Cancelling the
 * picker (or a session that will not load) returns the terminal to the session it left.
 */
export async function driveTerminal(
  conn: BerthConnection,
  first: SessionView,
  prompt?: string,
): Promise<"detached" | "disconnected"> {
  let view = first;
  let end = await new Repl(conn, view).run(prompt);
  while (end === "switch") {
    let next: SessionView;
    try {
      const picked = await openResumed(
        conn,
        { continue: false, resume: true, fork: false },
        { interactive: true },
        { beforeLoad: (stored) => confirmTrust(conn, stored.cwd) },
      );
      await showResumed(conn, picked.session);
      next = new SessionView(conn, picked.session.id);
      next.lastSeq = picked.fromSeq;
    } catch (error) {
      process.stdout.write(`${style.yellow((error as Error).message)} Back to ${view.sessionId}.\n`);
      // A fresh view: the old one's listeners belong to the prompt that ended.
      next = new SessionView(conn, view.sessionId);
      next.lastSeq = view.lastSeq;
    }
    view = next;
    end = await new Repl(conn, view).run();
  }
  return end;
}
