import { existsSync, readFileSync } from "node:fs";
import { type BerthPaths, berthPaths } from "@berth/protocol";
import { mark } from "@berth/protocol/timings";
import { BerthConnection, type ClientInfo, ConnectionError } from "./connection";
import { waitForDaemonStart } from "./daemon-ready";
import { inspectDaemon } from "./daemon-state";
import { takeEarlyDaemon } from "./early-daemon";
import { assertOwnSocket } from "./socket-owner";
import { spawnDaemon } from "./spawn-daemon";

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
  /** Called when this call starts a daemon (or takes over the one the caller started early). */
  onDaemonStart?: () => void;
  /**
   * With a daemon already running, return before `initialize` is answered (ConnectOptions:
   * one round trip less for a short-lived client). A daemon this call starts is always
   * connected to the ordinary way, so a failed handshake is retried until the deadline.
   */
  pipelineInitialize?: boolean;
}

function readToken(paths: BerthPaths): string | undefined {
  try {
    return readFileSync(paths.token, "utf8").trim();
  } catch {
    return undefined;
  }
}

/** Connects to the home's daemon, if one is running and answers. */
export async function tryConnect(
  home: string,
  clientInfo: ClientInfo,
  pipelineInitialize = false,
): Promise<BerthConnection | undefined> {
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
      pipelineInitialize,
    });
  } catch (error) {
    if (error instanceof ConnectionError && error.code !== "UNAUTHORIZED") return undefined;
    throw error;
  }
}

/**
 * Connects to the daemon, starting it first when none is running. The daemon is
 * detached from this process so it outlives the client that started it. A daemon this process
 * already started for the home (startDaemonEarly, when the socket was missing) is waited for
 * instead of spawning another.
 */
export async function ensureDaemon(options: EnsureDaemonOptions): Promise<BerthConnection> {
  const { home, daemonEntry } = options;
  const early = daemonEntry ? takeEarlyDaemon({ home, daemonEntry }) : undefined;
  if (!early) {
    const existing = await tryConnect(options.home, options.clientInfo, options.pipelineInitialize);
    if (existing) return existing;
  }
  if (!daemonEntry) {
    throw new ConnectionError(
      "ECONNREFUSED",
      "The Berth daemon is not running. Start it with `berth daemon start`.",
    );
  }
  const child = early ?? spawnDaemon({ ...options, daemonEntry });
  options.onDaemonStart?.();
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
  if (!options.daemonEntry) throw new Error("startDaemonProcess needs the daemon's entry script.");
  const child = spawnDaemon({ ...options, daemonEntry: options.daemonEntry });
  await waitForDaemonStart(child, options.startTimeoutMs ?? 15_000);
  return child.pid;
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
