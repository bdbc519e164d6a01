import type { ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";

/** The descriptor a spawned daemon signals readiness on (`--ready-fd`), as laid out in spawn's stdio. */
export const READY_FD = 3;

export type StartOutcome =
  | { kind: "ready" }
  /** Exit code 3: another daemon holds this home's lock (two clients started one at once). */
  | { kind: "lost-race" }
  | { kind: "failed"; code: number | null }
  | { kind: "timeout" };

const exitOutcome = (code: number | null): StartOutcome =>
  code === 3 ? { kind: "lost-race" } : { kind: "failed", code };

/**
 * Waits for the daemon we spawned to say "ready" on its ready pipe, or to exit: an event, not a
 * poll. The pipe is closed either way so it never holds this process open. The child may have
 * been spawned a while ago (the CLI's early start), so an exit that already happened counts too.
 */
export function waitForDaemonStart(child: ChildProcess, timeoutMs: number): Promise<StartOutcome> {
  const pipe = child.stdio[READY_FD] as Readable | null | undefined;
  if (child.exitCode !== null || child.signalCode !== null) {
    pipe?.destroy();
    return Promise.resolve(exitOutcome(child.exitCode));
  }
  return new Promise((resolve) => {
    let said = "";
    const finish = (outcome: StartOutcome) => {
      clearTimeout(timer);
      child.off("exit", onExit);
      pipe?.off("data", onData);
      pipe?.destroy();
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      said += chunk.toString("utf8");
      if (said.includes("ready\n")) finish({ kind: "ready" });
    };
    const onExit = (code: number | null) => finish(exitOutcome(code));
    const timer = setTimeout(() => finish({ kind: "timeout" }), timeoutMs);
    pipe?.on("data", onData);
    pipe?.on("error", () => {}); // a daemon that dies mid-write: its exit event says what happened
    child.once("exit", onExit);
  });
}
