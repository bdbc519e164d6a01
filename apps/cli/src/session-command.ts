// Import-free, so the entry can decide before it loads the command line whether this run will
// open a session (and so needs a daemon): see early-start.ts.

/** The top-level subcommands of program.ts (program.test.ts keeps this list in step). */
export const SUBCOMMANDS: readonly string[] = [
  "init",
  "sessions",
  "attach",
  "config",
  "permissions",
  "trust",
  "login",
  "logout",
  "doctor",
  "daemon",
  "completion",
  "history",
  "mcp",
  "cost",
  "privacy",
  "bug",
  "help",
];

/**
 * Whether these arguments run the default command, which opens a session (`-p`, interactive,
 * `--continue`/`--resume`): no subcommand name and no help or version request among them. It
 * errs towards "no": an argument that merely equals a subcommand name (`berth -p sessions`) only
 * means the daemon starts a little later, as it did before.
 */
export function opensSession(args: readonly string[]): boolean {
  return !args.some(
    (a) => SUBCOMMANDS.includes(a) || a === "-h" || a === "--help" || a === "-v" || a === "--version",
  );
}
