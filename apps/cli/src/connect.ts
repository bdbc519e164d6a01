import { type BerthConnection, ConnectionError, ensureDaemon, tryConnect } from "@berth/client";
import { type RetentionIntent, resolveBerthHome } from "@berth/protocol";
import { daemonEntry, SESSION_DAEMON_ARGS } from "./daemon-entry";
import { skipCodeCacheWrite } from "./program-loader";
import { showNotices } from "./notices";
import { CLI_VERSION } from "./version";

export const CLIENT_INFO = { name: "berth-cli", version: CLI_VERSION };

export { daemonEntry };

export function berthHome(): string {
  return resolveBerthHome(process.env);
}

/**
 * Connects to the daemon, starting it when needed. `retention` tells the daemon what this client
 * means for its start-up retention sweep: a dry run must `defer` it (previewing never deletes),
 * an interactive session `confirm`s a large one with the user first. `forSession`: this client
 * opens a session right away, so a daemon it starts loads the shell grammar and the SDK while
 * the client connects (an idle daemon started for `berth sessions` stays without them).
 * `pipelineInitialize`: return before the daemon answers `initialize` (print mode, which needs
 * nothing from that answer but the notices): see @berth/client's ConnectOptions.
 */
export async function connectOrStart(
  retention?: RetentionIntent,
  options: { forSession?: boolean; pipelineInitialize?: boolean } = {},
): Promise<BerthConnection> {
  const conn = await ensureDaemon({
    home: berthHome(),
    clientInfo: { ...CLIENT_INFO, ...(retention ? { retention } : {}) },
    daemonEntry: daemonEntry(),
    ...(options.forSession ? { daemonArgs: SESSION_DAEMON_ARGS } : {}),
    ...(options.pipelineInitialize ? { pipelineInitialize: true } : {}),
    onDaemonStart: skipCodeCacheWrite,
  });
  if (!options.pipelineInitialize) showNotices(conn);
  // Pipelined: the notices come with initialize's answer, which arrives before any other.
  else
    conn.ready.then(
      () => showNotices(conn),
      () => {},
    );
  return conn;
}

/**
 * Runs `open` (the requests that open a session) on a connection made by `connect`, pipelined.
 * When the daemon went away during that connection's handshake (an idle exit at that very
 * moment: nothing behind `initialize` was handled), connects once more the ordinary way, which
 * starts a new daemon, and opens there; as connecting did before pipelining.
 */
export async function openPipelined<T>(
  connect: (pipelined: boolean) => Promise<BerthConnection>,
  open: (conn: BerthConnection) => Promise<T>,
): Promise<{ conn: BerthConnection; opened: T }> {
  const conn = await connect(true);
  try {
    return { conn, opened: await open(conn) };
  } catch (error) {
    const lostInHandshake = await conn.ready.then(
      () => false,
      (cause: unknown) => cause instanceof ConnectionError,
    );
    if (!lostInHandshake) throw error;
    const again = await connect(false);
    return { conn: again, opened: await open(again) };
  }
}

export async function connectIfRunning(): Promise<BerthConnection | undefined> {
  const conn = await tryConnect(berthHome(), CLIENT_INFO);
  if (conn) showNotices(conn);
  return conn;
}

/**
 * The environment a new session runs with: the caller's own, minus variables that only
 * describe this terminal process. The daemon keeps model credentials away from tools.
 */
export function sessionEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith("BERTH_DAEMON_") || key === "_") continue;
    env[key] = value;
  }
  return env;
}
