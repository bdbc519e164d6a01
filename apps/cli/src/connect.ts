import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BerthConnection, ensureDaemon, tryConnect } from "@berth/client";
import { type RetentionIntent, resolveBerthHome } from "@berth/protocol";
import { showNotices } from "./notices";
import { CLI_VERSION } from "./version";

export const CLIENT_INFO = { name: "berth-cli", version: CLI_VERSION };

export function berthHome(): string {
  return resolveBerthHome(process.env);
}

/** The daemon ships next to the CLI; BERTH_DAEMON_ENTRY overrides it (tests, packaging). */
export function daemonEntry(): string {
  const override = process.env.BERTH_DAEMON_ENTRY;
  if (override) return override;
  // This module may be bundled into dist/chunks/; the daemon lies beside the entry, dist/berth.js.
  let here = dirname(fileURLToPath(import.meta.url));
  if (basename(here) === "chunks") here = dirname(here);
  const candidates = [join(here, "../../daemon/dist/berth-daemon.js"), join(here, "berth-daemon.js")];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

/**
 * Connects to the daemon, starting it when needed. `retention` tells the daemon what this client
 * means for its start-up retention sweep: a dry run must `defer` it (previewing never deletes),
 * an interactive session `confirm`s a large one with the user first. `forSession`: this client
 * opens a session right away, so a daemon it starts loads the shell grammar and the SDK while
 * the client connects (an idle daemon started for `berth sessions` stays without them).
 */
export async function connectOrStart(
  retention?: RetentionIntent,
  options: { forSession?: boolean } = {},
): Promise<BerthConnection> {
  const conn = await ensureDaemon({
    home: berthHome(),
    clientInfo: { ...CLIENT_INFO, ...(retention ? { retention } : {}) },
    daemonEntry: daemonEntry(),
    ...(options.forSession ? { daemonArgs: ["--prewarm"] } : {}),
  });
  showNotices(conn);
  return conn;
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
