import { ConnectionError } from "@berth/client";
import { ProtocolError } from "@berth/protocol";

/** One place that turns any failure into a short, actionable line for the terminal. */
export function describeError(error: unknown): string {
  if (error instanceof ProtocolError) {
    return error.message;
  }
  if (error instanceof ConnectionError) {
    if (error.code === "UNAUTHORIZED") {
      return `${error.message} The token file may be stale; restart the daemon with \`berth daemon stop\`.`;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function fail(error: unknown, code = 1): never {
  process.stderr.write(`berth: ${describeError(error)}\n`);
  process.exit(code);
}
