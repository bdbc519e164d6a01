import { accessSync, constants, mkdirSync } from "node:fs";

/** The home cannot be written: the daemon needs it for its socket, lock, logs and database. */
export class HomeNotWritableError extends Error {
  constructor(
    readonly home: string,
    readonly code: string,
  ) {
    super(
      `The Berth home ${home} is not writable (${code}); the daemon needs it for its socket, lock, logs and ` +
        "history database. Nothing was changed. Make it writable by your user (e.g. chmod u+w), or point " +
        "BERTH_HOME at a writable folder.",
    );
    this.name = "HomeNotWritableError";
  }
}

const NOT_WRITABLE = new Set(["EACCES", "EPERM", "EROFS"]);

/**
 * Checked before anything else at start, so a read-only home (or a read-only disk) fails with one
 * clear message instead of an EACCES from whichever file happened to be opened first.
 */
export function assertHomeWritable(home: string): void {
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    accessSync(home, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (NOT_WRITABLE.has(code)) throw new HomeNotWritableError(home, code);
    throw error;
  }
}
