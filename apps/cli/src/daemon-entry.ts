import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// Built-ins only: the entry (main.ts) uses this to start a daemon before it loads anything else.

/** The folder of the built entry, dist/ (this module may be bundled into dist/chunks/). */
export function distDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return basename(here) === "chunks" ? dirname(here) : here;
}

/** The daemon ships next to the CLI; BERTH_DAEMON_ENTRY overrides it (tests, packaging). */
export function daemonEntry(): string {
  const override = process.env.BERTH_DAEMON_ENTRY;
  if (override) return override;
  const here = distDir();
  const candidates = [join(here, "../../daemon/dist/berth-daemon.js"), join(here, "berth-daemon.js")];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

/**
 * The daemon arguments of a client that opens a session right away (`-p`, interactive, resume):
 * a daemon it starts loads the shell grammar and the SDK while the client connects.
 */
export const SESSION_DAEMON_ARGS = ["--prewarm"];
