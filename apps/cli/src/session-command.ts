// Import-free, so the entry can decide before it loads the command line whether this run will
// open a session (and so needs a daemon): see early-start.ts. A daemon started for a run that
// then fails on its arguments would linger until its idle timeout, so the answer is "yes" only
// for arguments commander accepts for the default command; anything unusual is a "no", which
// only means the daemon starts a little later, after the command line has loaded, as before.

/** The top-level subcommands of program.ts (session-command.test.ts keeps this list in step). */
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

export const OUTPUT_FORMATS = ["text", "json", "stream-json"] as const;
export const INPUT_FORMATS = ["text", "stream-json"] as const;
export const PERMISSION_MODES = ["default", "acceptEdits", "plan", "bypassPermissions", "dontAsk"] as const;

export const isPositiveInt = (value: string) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0;
};
export const isPositiveUsd = (value: string) => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0;
};

/** How the default command's options take values, as program.ts declares them. */
export interface RootFlag {
  names: readonly string[];
  value: "none" | "required" | "optional" | "variadic";
  /** Values commander accepts (choices or the option's parser), when it checks them. */
  accepts?: (value: string) => boolean;
}

const oneOf = (choices: readonly string[]) => (value: string) => choices.includes(value);

/** The default command's options (session-command.test.ts compares them with program.ts). */
export const ROOT_FLAGS: readonly RootFlag[] = [
  { names: ["-p", "--print"], value: "none" },
  { names: ["--output-format"], value: "required", accepts: oneOf(OUTPUT_FORMATS) },
  { names: ["--input-format"], value: "required", accepts: oneOf(INPUT_FORMATS) },
  { names: ["--include-partial-messages"], value: "none" },
  { names: ["--verbose"], value: "none" },
  { names: ["--max-turns"], value: "required", accepts: isPositiveInt },
  { names: ["--max-budget-usd"], value: "required", accepts: isPositiveUsd },
  { names: ["--model"], value: "required" },
  { names: ["--permission-mode"], value: "required", accepts: oneOf(PERMISSION_MODES) },
  { names: ["--allowedTools", "--allowed-tools"], value: "variadic" },
  { names: ["--disallowedTools", "--disallowed-tools"], value: "variadic" },
  { names: ["--add-dir"], value: "variadic" },
  { names: ["--settings"], value: "required" },
  { names: ["--dangerously-skip-permissions"], value: "none" },
  { names: ["-c", "--continue"], value: "none" },
  { names: ["-r", "--resume"], value: "optional" },
  { names: ["--fork-session"], value: "none" },
  { names: ["--no-session-persistence"], value: "none" },
  { names: ["--trust-workspace"], value: "none" },
  { names: ["--append-system-prompt"], value: "required" },
  { names: ["--mcp-config"], value: "variadic" },
  { names: ["--strict-mcp-config"], value: "none" },
];

const FLAGS = new Map(ROOT_FLAGS.flatMap((f) => f.names.map((n) => [n, f] as const)));

/**
 * Whether these arguments run the default command, which opens a session (`-p`, interactive,
 * `--continue`/`--resume`), with options commander accepts: every flag known, every value that
 * commander checks valid, at most one prompt, and none of program.ts's own refusals.
 */
export function opensSession(args: readonly string[]): boolean {
  // A subcommand's name anywhere (even as a value: `-r sessions`) may be read as that command.
  if (args.some((a) => SUBCOMMANDS.includes(a))) return false;
  const seen = new Set<string>();
  let positionals = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--") {
      positionals += args.length - i - 1;
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals++;
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const flag = FLAGS.get(name);
    if (!flag) return false; // unknown, --help, --version, or short flags run together (-pc)
    seen.add(flag.names.at(-1) as string);
    const values: string[] = [];
    if (eq > 0) {
      if (flag.value === "none") return false;
      values.push(arg.slice(eq + 1));
    } else if (flag.value === "required") {
      if (i + 1 >= args.length) return false;
      values.push(args[++i] as string);
    }
    // Optional and variadic values run up to the next flag, as commander reads them.
    if (flag.value === "optional" || flag.value === "variadic") {
      while (i + 1 < args.length && !(args[i + 1] as string).startsWith("-")) {
        values.push(args[++i] as string);
        if (flag.value === "optional") break;
      }
    }
    if (flag.accepts && !values.every(flag.accepts)) return false;
  }
  const resumes = seen.has("--continue") || seen.has("--resume");
  if (seen.has("--fork-session") && !resumes) return false;
  if (seen.has("--no-session-persistence") && resumes) return false;
  return positionals <= 1;
}
