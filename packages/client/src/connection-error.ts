/**
 * A failure to reach or start the daemon, with a code callers branch on. Its own module (no
 * imports) so the import-free early daemon start (spawn-daemon.ts) can throw it too.
 */
export class ConnectionError extends Error {
  readonly code:
    | "ECONNREFUSED"
    | "ENOENT"
    | "UNAUTHORIZED"
    | "UNSAFE_SOCKET"
    | "TIMEOUT"
    | "CLOSED"
    | "START_FAILED"
    | "OTHER";
  constructor(code: ConnectionError["code"], message: string) {
    super(message);
    this.name = "ConnectionError";
    this.code = code;
  }
}
