import { startDaemonEarly } from "@berth/client/early-daemon";
import { resolveBerthHome } from "@berth/protocol/paths";
import { daemonEntry, SESSION_DAEMON_ARGS } from "./daemon-entry";

/**
 * Starts the daemon for a run that opens a session, before the command line loads (issue #13):
 * on a cold `berth -p` the daemon's start-up then overlaps the CLI's own. Node built-ins and
 * pure modules only; connectOrStart (connect.ts) picks the child up through ensureDaemon, which
 * still makes every decision (a daemon that lost the lock race, a failed start, a timeout).
 */
export function startEarly(): boolean {
  return startDaemonEarly({
    home: resolveBerthHome(process.env),
    daemonEntry: daemonEntry(),
    daemonArgs: SESSION_DAEMON_ARGS,
  });
}
