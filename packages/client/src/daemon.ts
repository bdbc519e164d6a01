import { spawn } from "node:child_process";
import { existsSync, openSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { type BerthPaths, berthPaths } from "@berth/protocol";
import { BerthConnection, type ClientInfo, ConnectionError } from "./connection";

export interface EnsureDaemonOptions {
  home: string;
  clientInfo: ClientInfo;
  /** Path of the daemon's entry script; when set, a missing daemon is started. */
  daemonEntry?: string;
  /** Environment for a daemon this call starts (defaults to process.env). */
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
  await startDaemonProcess(options);
  const deadline = Date.now() + (options.startTimeoutMs ?? 15_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const conn = await tryConnect(options.home, options.clientInfo);
      if (conn) return conn;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const logHint = berthPaths(options.home).logsDir;
  throw new ConnectionError(
    "TIMEOUT",
    `The Berth daemon did not start in time. See its log in ${logHint}${lastError instanceof Error ? ` (${lastError.message})` : ""}.`,
  );
}

export async function startDaemonProcess(options: EnsureDaemonOptions): Promise<number | undefined> {
  const paths = berthPaths(options.home);
  await mkdir(paths.logsDir, { recursive: true, mode: 0o700 });
  // The daemon's own stderr goes to a file: early crashes (before its logger is up) stay visible.
  const stderr = openSync(`${paths.logsDir}/daemon-stderr.log`, "a", 0o600);
  const child = spawn(
    process.execPath,
    [options.daemonEntry!, "--home", options.home, ...(options.daemonArgs ?? [])],
    {
      detached: true,
      stdio: ["ignore", "ignore", stderr],
      env: { ...(options.daemonEnv ?? process.env), BERTH_HOME: options.home },
    },
  );
  child.unref();
  return child.pid;
}
