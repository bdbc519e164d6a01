import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import type { Socket } from "node:net";
import { berthPaths } from "@berth/protocol/paths";
import { READY_FD } from "./daemon-ready";
import { type SpawnDaemonOptions, spawnDaemon } from "./spawn-daemon";

// Early daemon start (issue #13): a command that will need a daemon, run where none is
// listening, starts one before it loads its own code, so the daemon's start-up (its module
// load is the longest part of a cold `berth -p`) overlaps the client's. ensureDaemon then waits
// on that child instead of spawning one: the same ready pipe, lock race and error handling.

/**
 * The hand-over slot lives on globalThis, not in this module: the CLI's entry and the code that
 * calls ensureDaemon may be separate bundles, each with its own copy of this module.
 */
const SLOT = Symbol.for("berth.earlyDaemon");
interface EarlyDaemon {
  home: string;
  daemonEntry: string;
  child: ChildProcess;
}
type Slot = { [SLOT]?: EarlyDaemon };

/**
 * Spawns the daemon now when the home has no daemon socket; returns whether it did. Never throws:
 * when anything is odd (an unwritable home) nothing is started and ensureDaemon, which runs the
 * same checks later, reports it. A socket that exists (a running daemon, or a stale one) is left
 * to ensureDaemon too.
 */
export function startDaemonEarly(options: SpawnDaemonOptions): boolean {
  try {
    if (existsSync(berthPaths(options.home).socket)) return false;
    const child = spawnDaemon(options);
    // Nothing may keep this process alive just for the daemon; ensureDaemon's own timer does while it waits.
    (child.stdio[READY_FD] as Socket | null)?.unref?.();
    child.once("error", () => {}); // a failed spawn shows as the child's exit
    (globalThis as Slot)[SLOT] = {
      home: options.home,
      daemonEntry: options.daemonEntry,
      child,
    };
    return true;
  } catch {
    return false;
  }
}

/**
 * The daemon startDaemonEarly spawned for this home and daemon entry, taken once; undefined
 * otherwise, and ensureDaemon spawns one itself as before. (Its arguments are the early launch's:
 * the CLI starts early only for commands that open a session, with the same --prewarm.)
 */
export function takeEarlyDaemon(options: { home: string; daemonEntry: string }): ChildProcess | undefined {
  const slot = globalThis as Slot;
  const early = slot[SLOT];
  if (!early || early.home !== options.home || early.daemonEntry !== options.daemonEntry) return undefined;
  slot[SLOT] = undefined;
  return early.child;
}
