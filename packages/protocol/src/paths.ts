import { createHash } from "node:crypto";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Where the daemon of one Berth home keeps its files. Pure (no I/O): the daemon and
 * every client compute the same paths from the same home, so they always meet.
 */
export interface BerthPaths {
  home: string;
  runDir: string;
  socket: string;
  token: string;
  lock: string;
  tcpPortFile: string;
  db: string;
  logsDir: string;
  userSettings: string;
}

/** Unix socket paths are limited to ~108 bytes; longer homes get a hashed socket dir in tmp. */
const MAX_SOCKET_PATH = 100;

export function resolveBerthHome(env: Record<string, string | undefined>): string {
  const explicit = env.BERTH_HOME?.trim();
  if (explicit) return resolve(explicit);
  return join(env.HOME?.trim() || homedir(), ".berth");
}

export function berthPaths(home: string): BerthPaths {
  const runDir = join(home, "run");
  let socket = join(runDir, "daemon.sock");
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    const digest = createHash("sha256").update(home).digest("hex").slice(0, 16);
    socket = join(tmpdir(), `berth-${digest}`, "daemon.sock");
  }
  return {
    home,
    runDir,
    socket,
    token: join(runDir, "token"),
    lock: join(runDir, "daemon.lock"),
    tcpPortFile: join(runDir, "tcp-port"),
    db: join(home, "berth.db"),
    logsDir: join(home, "logs"),
    userSettings: join(home, "settings.json"),
  };
}
