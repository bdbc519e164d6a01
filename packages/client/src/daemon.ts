import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { type BerthPaths, berthPaths, daemonEnvironment } from "@berth/protocol";
import { mark } from "@berth/protocol/timings";
import { BerthConnection, type ClientInfo, ConnectionError } from "./connection";
import { READY_FD, waitForDaemonStart } from "./daemon-ready";
import { inspectDaemon } from "./daemon-state";
import { assertOwnSocket } from "./socket-owner";

export interface EnsureDaemonOptions {
  home: string;
  clientInfo: ClientInfo;
  /** Path of the daemon's entry script; when set, a missing daemon is started. */
  daemonEntry?: string;
  /**
   * Environment a daemon this call starts is taken from (defaults to process.env). Only its
   * allowlisted, non-secret part is passed on (`daemonEnvironment` in @berth/protocol).
   */
  daemonEnv?: NodeJS.ProcessEnv;
  /** Extra daemon arguments (e.g. --idle-timeout-ms). */
  daemonArgs?: string[];
  startTimeoutMs?: number;
}

function readToken(paths: BerthPaths): string | undefined {
  try {
    return readFileSync(paths.token, "utf8").trim();
  } catch {
    return undefined;
  }
}

/** Connects to the home's daemon, if one is running and answers. */
export async function tryConnect(home: string, clientInfo: ClientInfo): Promise<BerthConnection | undefined> {
  const paths = berthPaths(home);
  const token = readToken(paths);
  if (!token || !existsSync(paths.socket)) return undefined;
  assertOwnSocket(paths.socket);
  try {
    return await BerthConnection.open({
      endpoint: { kind: "unix", socketPath: paths.socket },
      token,
      clientInfo,
      connectTimeoutMs: 3000,
    });
  } catch (error) {
    if (error instanceof ConnectionError && error.code !== "UNAUTHORIZED") return undefined;
    throw error;
  }
}

/**
 * Connects to the daemon, starting it first when none is running. The daemon is
 * detached from this process so it outlives the client that started it.
 */
export async function ensureDaemon(options: EnsureDaemonOptions): Promise<BerthConnection> {
  const existing = await tryConnect(options.home, options.clientInfo);
  if (existing) return existing;
  if (!options.daemonEntry) {
    throw new ConnectionError(
      "ECONNREFUSED",
      "The Berth daemon is not running. Start it with `berth daemon start`.",
    );
  }
  mark("client.spawn");
  const child = await spawnDaemon(options);
  const deadline = Date.now() + (options.startTimeoutMs ?? 15_000);
  const outcome = await waitForDaemonStart(child, deadline - Date.now());
  mark("client.daemon-up");
  // A daemon that exits during start (read-only home, broken store) says why on stderr.
  if (outcome.kind === "failed")
    throw new ConnectionError("START_FAILED", startFailure(options.home, outcome.code));
  // "lost-race": another client's daemon holds the home and may still be starting, so keep trying it.
  return connectBefore(options, deadline);
}

async function connectBefore(options: EnsureDaemonOptions, deadline: number): Promise<BerthConnection> {
  let lastError: unknown;
  do {
    try {
      const conn = await tryConnect(options.home, options.clientInfo);
      if (conn) return conn;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  } while (Date.now() < deadline);
  const state = await inspectDaemon(options.home);
  const logHint = berthPaths(options.home).logsDir;
  throw new ConnectionError(
    "TIMEOUT",
    `The Berth daemon did not start in time. ${state.explanation} See its log in ${logHint}${lastError instanceof Error ? ` (${lastError.message})` : ""}.`,
  );
}

export async function startDaemonProcess(options: EnsureDaemonOptions): Promise<number | undefined> {
  const child = await spawnDaemon(options);
  await waitForDaemonStart(child, options.startTimeoutMs ?? 15_000);
  return child.pid;
}

async function spawnDaemon(options: EnsureDaemonOptions): Promise<ChildProcess> {
  const paths = berthPaths(options.home);
  let stderr: number;
  try {
    await mkdir(paths.logsDir, { recursive: true, mode: 0o700 });
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
  const child = spawn(
    process.execPath,
    [
      options.daemonEntry!,
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

/** The daemon's last words on stderr, for a start that failed. */
function startFailure(home: string, code: number | null): string {
  const log = `${berthPaths(home).logsDir}/daemon-stderr.log`;
  let last = "";
  try {
    last =
      readFileSync(log, "utf8")
        .trimEnd()
        .split("\n")
        .at(-1)
        ?.replace(/^berth-daemon: /, "") ?? "";
  } catch {
    // no log: fall through to the generic message
  }
  return last
    ? `The Berth daemon could not start: ${last}`
    : `The Berth daemon exited during start (code ${code}). See ${log}.`;
}
