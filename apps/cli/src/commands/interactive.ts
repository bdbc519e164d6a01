import { SessionView } from "@berth/client";
import { type SessionFlags, sessionFields } from "../session-options";
import { connectOrStart, sessionEnvironment } from "../connect";
import { confirmHeldSweep } from "../interactive/retention-prompt";
import { confirmTrust } from "../interactive/trust-prompt";
import { style } from "../interactive/style";
import { saveCodeCacheWhileIdle } from "../program-loader";
import { driveTerminal } from "./resume";

export interface InteractiveOptions extends SessionFlags {
  prompt?: string;
}

/** `berth`: a new session in this folder, driven from this terminal. */
export async function runInteractive(options: InteractiveOptions): Promise<number> {
  const conn = await connectOrStart("confirm", { forSession: true });
  await confirmHeldSweep(conn);
  await confirmTrust(conn, process.cwd());
  const { session } = await conn.request("session/create", {
    cwd: process.cwd(),
    env: sessionEnvironment(),
    interactive: true,
    ...sessionFields(options),
  });
  process.stdout.write(
    `${style.bold("Berth")} ${style.dim(`session ${session.id}`)}\n${style.dim("Type a message, /help for commands.")}\n`,
  );
  // Half a second into the REPL the user is reading or typing: a code cache this run owes costs
  // them nothing then (keystrokes wait the few ms).
  setTimeout(saveCodeCacheWhileIdle, 500).unref();
  const end = await driveTerminal(conn, new SessionView(conn, session.id), options.prompt);
  await conn.close();
  // A lost daemon is a failure for whoever scripted `berth`; detaching is the normal way out.
  return end === "detached" ? 0 : 1;
}

/** `berth attach <id>`: join a live session from another terminal. */
export async function runAttach(sessionId: string): Promise<number> {
  const conn = await connectOrStart();
  // Fails with "No session <id>" before anything claims to be attached.
  const { session } = await conn.request("session/get", { sessionId });
  process.stdout.write(`${style.bold("Berth")} ${style.dim(`attached to ${sessionId} · ${session.cwd}`)}\n`);
  const end = await driveTerminal(conn, new SessionView(conn, sessionId));
  await conn.close();
  return end === "detached" ? 0 : 1;
}
