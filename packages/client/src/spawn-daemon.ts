import type { ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { daemonEnvironment } from "@berth/protocol/daemon-env";
import { berthPaths } from "@berth/protocol/paths";
import { mark } from "@berth/protocol/timings";
import { ConnectionError } from "./connection-error";
import { READY_FD } from "./daemon-ready";

// Starting the daemon process, apart from connecting to it: node built-ins and the protocol's
// pure subpaths only, so the CLI's entry can start a daemon before it loads anything else
// (early-daemon.ts) with exactly the launch ensureDaemon would use.

export interface SpawnDaemonOptions {
  home: string;
  /** Path of the daemon's entry script. */
  daemonEntry: string;
  /**
   * Environment the daemon is taken from (defaults to process.env). Only its allowlisted,
   * non-secret part is passed on (`daemonEnvironment` in @berth/protocol).
   */
  daemonEnv?: NodeJS.ProcessEnv;
  /** Extra daemon arguments (e.g. --prewarm, --idle-timeout-ms). */
  daemonArgs?: string[];
}

/**
 * Spawns a detached daemon for `home` with its ready pipe on READY_FD; it outlives this process.
 * Whether it serves the home or loses the lock to another one, its ready pipe or exit code says
 * (daemon-ready.ts).
 */
export function spawnDaemon(options: SpawnDaemonOptions): ChildProcess {
  const paths = berthPaths(options.home);
  let stderr: number;
  try {
    mkdirSync(paths.logsDir, { recursive: true, mode: 0o700 });
    // The daemon's own stderr goes to a file: early crashes (before its logger is up) stay visible.
    stderr = openSync(`${paths.logsDir}/daemon-stderr.log`, "a", 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
      throw new ConnectionError(
        "START_FAILED",
        `Cannot start the Berth daemon: the Berth home ${options.home} is not writable (${code}). ` +
          "Make it writable by your user, or point BERTH_HOME at a writable folder.",
      );
    }
    throw error;
  }
  mark("client.spawn");
  // Loaded here, not imported: child_process (with net and dgram behind it) costs every warm
  // `berth -p` ~1 ms to load, and only a run that starts a daemon needs it.
  const { spawn } = process.getBuiltinModule("node:child_process");
  const child = spawn(
    process.execPath,
    [
      options.daemonEntry,
      "--home",
      options.home,
      "--ready-fd",
      String(READY_FD),
      ...(options.daemonArgs ?? []),
    ],
    {
      detached: true,
      stdio: ["ignore", "ignore", stderr, "pipe"],
      // Never the caller's whole environment: the daemon is the parent of every tool process,
      // which can read its initial environment back. Credentials go per session instead.
      env: { ...daemonEnvironment(options.daemonEnv ?? process.env), BERTH_HOME: options.home },
    },
  );
  closeSync(stderr);
  child.unref();
  return child;
}
