import { lstatSync } from "node:fs";
import { dirname } from "node:path";
import { ConnectionError } from "./connection-error";

/**
 * The socket may live in a shared temp folder (when the home path is too long for a Unix
 * socket). Another local user could plant a socket there first and collect the bearer token
 * and the session environment a client sends, so a client only talks to a socket that it owns,
 * in a folder only it can enter.
 */
export function assertOwnSocket(socketPath: string): void {
  const uid = process.getuid?.();
  if (uid === undefined) return; // no POSIX ownership (Windows named pipes are per-user already)
  const dir = lstatSync(dirname(socketPath));
  const socket = lstatSync(socketPath);
  const problem = !dir.isDirectory()
    ? "its folder is a symbolic link or not a folder"
    : dir.uid !== uid
      ? "its folder belongs to another user"
      : (dir.mode & 0o077) !== 0
        ? "its folder is open to other users"
        : socket.uid !== uid
          ? "it belongs to another user"
          : undefined;
  if (problem) {
    throw new ConnectionError(
      "UNSAFE_SOCKET",
      `Refusing to use the daemon socket ${socketPath}: ${problem}. Remove it, or set BERTH_HOME to a shorter private path.`,
    );
  }
}
