import { Argument, Command, InvalidArgumentError, Option } from "commander";
import type { PermissionMode } from "@berth/protocol";
import { completionScript, SHELLS, type Shell } from "./commands/completion";
import { registerCostCommand } from "./commands/cost";
import { registerHistoryCommands } from "./commands/history";
import { registerMcpCommands } from "./commands/mcp";
import { registerPrivacyCommands } from "./commands/privacy";
import { wantsResume } from "./commands/resume-target";
import { fail } from "./errors";
import {
  INPUT_FORMATS,
  isPositiveInt,
  isPositiveUsd,
  OUTPUT_FORMATS,
  opensSession,
  PERMISSION_MODES,
} from "./session-command";
import { VERSION_LINE } from "./version";

// The command-line definitions. Each action import()s its implementation, so a run parses only
// the code of the command it runs: the REPL and the Markdown renderer load for interactive use
// alone, never for `-p`, `sessions` or `daemon status` (see scripts/build.mjs: code splitting).

/** `--allowedTools "Bash(git *)" Read` and `--allowedTools "Read,Edit"` both work. */
function toolList(value: string, previous: string[] = []): string[] {
  const parts = value.includes("(") ? [value] : value.split(/[,\s]+/);
  return [...previous, ...parts.map((p) => p.trim()).filter(Boolean)];
}

function positiveInt(value: string): number {
  if (!isPositiveInt(value)) throw new InvalidArgumentError("must be a positive whole number");
  return Number(value);
}

function positiveUsd(value: string): number {
  if (!isPositiveUsd(value)) throw new InvalidArgumentError("must be a positive number of US dollars");
  return Number(value);
}

const policy = () => import("./commands/policy");
const daemonCommands = () => import("./commands/daemon");
const service = () => import("./commands/service");

async function exitWith(task: Promise<number>): Promise<void> {
  try {
    process.exitCode = await task;
  } catch (error) {
    fail(error);
  }
  // The command is done: exit as soon as what it printed has left the process. A natural exit
  // would first wait for open handles (a daemon connection being closed) and then tear down the
  // whole heap, several milliseconds of every `berth -p` for nothing.
  exitOnceFlushed(process.exitCode ?? 0);
}

function exitOnceFlushed(code: string | number): void {
  const pending = [process.stdout, process.stderr].filter((s) => s.writableLength > 0);
  if (pending.length === 0) process.exit(code);
  let waiting = pending.length;
  for (const stream of pending)
    stream.once("drain", () => {
      if (--waiting === 0) process.exit(code);
    });
  // A reader that stops reading must not keep a finished CLI alive either.
  setTimeout(() => process.exit(code), 2_000).unref();
}

const program = new Command()
  .name("berth")
  .description(
    "Berth: an agentic coding assistant for teams. Sessions live in a per-user background daemon: " +
      "close this terminal, attach from another one or your editor, and carry on. Without arguments, " +
      "starts an interactive session in the current folder.",
  )
  .version(
    VERSION_LINE,
    "-v, --version",
    "print the versions of the CLI, the daemon it starts and the protocol",
  )
  // Commander adds no `help` command to a program with an action of its own: without this,
  // `berth help` would start a session with the prompt "help".
  .helpCommand("help [command]", "show help for berth, or for one of its commands")
  .argument("[prompt]", "first message (interactive) or the prompt (with -p)")
  .option("-p, --print", "non-interactive: run the prompt, print the result and exit")
  .addOption(
    new Option("--output-format <format>", "print-mode output").choices(OUTPUT_FORMATS).default("text"),
  )
  .addOption(new Option("--input-format <format>", "print-mode input").choices(INPUT_FORMATS).default("text"))
  .option("--include-partial-messages", "stream-json: also emit partial message events")
  .option("--verbose", "accepted for compatibility; stream-json is always complete")
  .option("--max-turns <n>", "print mode: limit model requests in the turn", positiveInt)
  .option(
    "--max-budget-usd <usd>",
    "print mode: stop when this run has spent this many US dollars",
    positiveUsd,
  )
  .option("--model <model>", "model for this session (alias such as sonnet, or a full id)")
  .addOption(new Option("--permission-mode <mode>", "starting permission mode").choices(PERMISSION_MODES))
  .option(
    "--allowedTools, --allowed-tools <rules...>",
    'extra allow rules, e.g. "Bash(npm test *)" Read',
    toolList,
  )
  .option("--disallowedTools, --disallowed-tools <rules...>", "extra deny rules", toolList)
  .option("--add-dir <dirs...>", "additional working directories")
  .option("--settings <file-or-json>", "extra settings layer: a settings file or inline JSON")
  .option(
    "--dangerously-skip-permissions",
    "same as --permission-mode bypassPermissions (may be refused by policy)",
  )
  .option("-c, --continue", "resume the most recent session in this folder")
  .option("-r, --resume [session-id]", "resume a stored session (no id: pick one from a list)")
  .option(
    "--fork-session",
    "with --continue/--resume: continue in a new session, leaving the original as it was",
  )
  .option("--no-session-persistence", "print mode: keep this session out of history")
  .option("--trust-workspace", "print mode: trust this folder's project settings for this run")
  .option("--append-system-prompt <text>", "text appended to the system prompt")
  .option("--mcp-config <file-or-json...>", "MCP servers from a file or inline JSON (repeatable)")
  .option("--strict-mcp-config", "use only the --mcp-config servers")
  .action(async (prompt: string | undefined, opts) => {
    const permissionMode: PermissionMode | undefined = opts.dangerouslySkipPermissions
      ? "bypassPermissions"
      : opts.permissionMode;
    const common = {
      ...(opts.model ? { model: opts.model } : {}),
      ...(permissionMode ? { permissionMode } : {}),
      allowedTools: opts.allowedTools ?? [],
      disallowedTools: opts.disallowedTools ?? [],
      addDirs: opts.addDir ?? [],
      ...(opts.settings ? { settings: opts.settings } : {}),
      ...(opts.mcpConfig ? { mcpConfig: opts.mcpConfig } : {}),
      ...(opts.strictMcpConfig ? { strictMcpConfig: true } : {}),
    };
    const request = {
      continue: Boolean(opts.continue),
      resume: opts.resume,
      fork: Boolean(opts.forkSession),
    };
    if (request.fork && !wantsResume(request))
      fail(new Error("--fork-session needs --continue or --resume."), 2);
    if (opts.print || !process.stdin.isTTY || !process.stdout.isTTY) {
      const persist = opts.sessionPersistence !== false && !process.env.CLAUDE_CODE_SKIP_PROMPT_HISTORY;
      if (!persist && wantsResume(request)) {
        fail(
          new Error(
            "A resumed session is already in history: drop --no-session-persistence (or CLAUDE_CODE_SKIP_PROMPT_HISTORY).",
          ),
          2,
        );
      }
      await exitWith(
        (await import("./print/run-print")).runPrint({
          ...common,
          prompt,
          outputFormat: opts.outputFormat,
          inputFormat: opts.inputFormat,
          includePartialMessages: Boolean(opts.includePartialMessages),
          persist,
          ...(wantsResume(request) ? { resume: request } : {}),
          trust: Boolean(opts.trustWorkspace),
          ...(opts.maxTurns ? { maxTurns: opts.maxTurns } : {}),
          ...(opts.maxBudgetUsd ? { maxBudgetUsd: opts.maxBudgetUsd } : {}),
          ...(opts.appendSystemPrompt ? { appendSystemPrompt: opts.appendSystemPrompt } : {}),
        }),
      );
      return;
    }
    if (wantsResume(request)) {
      const { runResume } = await import("./commands/resume");
      await exitWith(runResume({ ...common, ...(prompt ? { prompt } : {}), request }));
      return;
    }
    const { runInteractive } = await import("./commands/interactive");
    await exitWith(runInteractive({ ...common, ...(prompt ? { prompt } : {}) }));
  });

let subcommandsRegistered = false;

/**
 * Every subcommand. A run that opens a session (the default command, which main.ts recognises
 * from the same arguments with session-command.ts) never needs them, and registering forty
 * commands and their options cost every `berth -p` ~1.5 ms.
 */
function registerSubcommands(): void {
  if (subcommandsRegistered) return;
  subcommandsRegistered = true;
  program
    .command("init")
    .description("ask the model to write a CLAUDE.md for this project (you approve the edit)")
    .action(async () => {
      const [{ runInteractive }, { INIT_PROMPT }] = await Promise.all([
        import("./commands/interactive"),
        import("./interactive/context-commands"),
      ]);
      await exitWith(
        runInteractive({ prompt: INIT_PROMPT, allowedTools: [], disallowedTools: [], addDirs: [] }),
      );
    });

  program
    .command("sessions")
    .description("list sessions in this folder (--all for every folder)")
    .option("--all", "sessions from every folder")
    .option("--json", "machine-readable output")
    .option("--limit <n>", "how many", positiveInt, 50)
    .action(async (opts) =>
      exitWith(
        import("./commands/sessions").then((m) =>
          m.runSessions({ json: Boolean(opts.json), all: Boolean(opts.all), limit: opts.limit }),
        ),
      ),
    );

  program
    .command("attach")
    .description("join a live session from this terminal (see `berth sessions`)")
    .argument("<session-id>")
    .action(async (id: string) => exitWith(import("./commands/interactive").then((m) => m.runAttach(id))));

  program
    .command("config")
    .description("show the effective settings for this folder and the file each value came from")
    .option("--show-origin", "one line per value with the file that set it")
    .option("--json", "machine-readable output")
    .action(async (opts) =>
      exitWith(
        policy().then((m) => m.runConfig({ json: Boolean(opts.json), showOrigin: Boolean(opts.showOrigin) })),
      ),
    );

  program
    .command("permissions")
    .description("list effective permission rules with their files; remove a saved one")
    .option("--remove <rule>", 'remove a saved "allow always" rule, e.g. "Bash(npm test *)"')
    .option("--json", "machine-readable output")
    .action(async (opts) =>
      exitWith(policy().then((m) => m.runPermissions({ json: Boolean(opts.json), remove: opts.remove }))),
    );

  const trust = program
    .command("trust")
    .description(
      "workspace trust: `berth trust <folder>` trusts a folder without the prompt (for scripted set-ups); " +
        "without a folder, shows whether this one is trusted",
    );
  trust
    .command("folder", { isDefault: true, hidden: true })
    .argument("[folder]", "folder to trust (its git root is what is recorded)")
    .action(async (folder?: string) =>
      exitWith(policy().then((m) => (folder ? m.runTrust("trust", folder) : m.runTrust("status")))),
    );
  trust
    .command("status")
    .description("whether this folder (its git root) is trusted")
    .action(async () => exitWith(policy().then((m) => m.runTrust("status"))));
  trust
    .command("list")
    .description("every recorded trust decision")
    .action(async () => exitWith(policy().then((m) => m.runTrust("list"))));
  trust
    .command("revoke")
    .description("stop trusting a folder (default: this one)")
    .argument("[folder]")
    .action(async (folder?: string) => exitWith(policy().then((m) => m.runTrust("revoke", folder))));

  program
    .command("login")
    .description("store an Anthropic API key for this user (read hidden from the terminal, or from stdin)")
    .action(async () => exitWith(import("./commands/login").then((m) => m.runLogin())));
  program
    .command("logout")
    .description("remove the stored API key")
    .action(async () => exitWith(import("./commands/login").then((m) => m.runLogout())));

  program
    .command("doctor")
    .description("check Node.js, the Berth home, the daemon, managed policy, settings, trust and credentials")
    .action(async () => exitWith(import("./commands/doctor").then((m) => m.runDoctor())));

  const daemon = program.command("daemon").description("manage the background daemon");
  daemon
    .command("start")
    .description("start the daemon if it is not running")
    .action(async () => exitWith(daemonCommands().then((m) => m.daemonStart())));
  daemon
    .command("stop")
    .description("stop the daemon (running turns are interrupted and saved)")
    .action(async () => exitWith(daemonCommands().then((m) => m.daemonStop())));
  daemon
    .command("status")
    .description("show whether the daemon runs, its pid, sessions and memory")
    .option("--json", "machine-readable output")
    .action(async (opts) => exitWith(daemonCommands().then((m) => m.daemonStatus(Boolean(opts.json)))));
  daemon
    .command("logs")
    .description("print the end of the daemon log (-f: keep printing what is added)")
    .option("-n, --lines <n>", "how many lines", positiveInt, 50)
    .option("-f, --follow", "keep printing new lines until Ctrl-C")
    .action(async (opts) =>
      exitWith(daemonCommands().then((m) => m.daemonLogs(opts.lines, Boolean(opts.follow)))),
    );
  daemon
    .command("install")
    .description("run the daemon as a login service (systemd user unit on Linux, launchd agent on macOS)")
    .option("--no-start", "only write the service file")
    .action(async (opts) =>
      exitWith(service().then((m) => m.serviceInstall({ start: opts.start !== false }))),
    );
  daemon
    .command("uninstall")
    .description("stop and remove the login service (history and settings are kept)")
    .action(async () => exitWith(service().then((m) => m.serviceUninstall())));

  program
    .command("completion")
    .description('print a shell completion script: eval "$(berth completion bash)" (also zsh, fish)')
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(SHELLS))
    .action((shell: Shell) => {
      process.stdout.write(completionScript(program, shell));
    });

  registerHistoryCommands(program, exitWith);
  registerMcpCommands(program, exitWith);
  registerCostCommand(program, exitWith);
  registerPrivacyCommands(program, exitWith);
}

export async function runProgram(argv: string[]): Promise<void> {
  if (!opensSession(argv.slice(2))) registerSubcommands();
  await program.parseAsync(argv).catch((error) => fail(error));
}

/** The top-level subcommand names (and commander's implicit `help`), for session-command.test.ts. */
export function subcommandNames(): string[] {
  registerSubcommands();
  return [...program.commands.map((c) => c.name()), "help"];
}

/** The default command's options as commander reads them, for session-command.test.ts. */
export function rootOptions(): { names: string[]; value: string; choices?: readonly string[] }[] {
  return program.options
    .filter((o) => o.long !== "--version")
    .map((o) => ({
      names: [o.short, o.long].filter((n): n is string => Boolean(n)),
      value: o.variadic ? "variadic" : o.required ? "required" : o.optional ? "optional" : "none",
      ...(o.argChoices ? { choices: o.argChoices } : {}),
    }));
}
