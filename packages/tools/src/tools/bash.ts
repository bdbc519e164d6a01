// Bash: runs a command in the session's persistent shell (shell/session.ts).
import { z } from "zod";
import { defineTool, errorResult } from "../define.js";
import type { ShellRunResult } from "../shell/types.js";
import { envInt } from "../util/env.js";

export const BASH_DEFAULT_TIMEOUT_MS = 120_000;
export const BASH_MAX_TIMEOUT_MS = 600_000;
export const BASH_DEFAULT_MAX_OUTPUT = 30_000;

const schema = z.object({
  command: z.string().min(1).describe("The command to execute"),
  timeout: z
    .number()
    .int()
    .positive()
    .max(BASH_MAX_TIMEOUT_MS)
    .optional()
    .describe(`Optional timeout in milliseconds (max ${BASH_MAX_TIMEOUT_MS})`),
  description: z
    .string()
    .optional()
    .describe(
      "Clear, concise description of what this command does in 5-10 words, in active voice (e.g. 'Install package dependencies')",
    ),
  run_in_background: z.boolean().optional().describe("Run the command in the background (not supported yet)"),
});

/** Commands for which exit status 1 means "nothing found / differs", not failure. */
const EXIT_ONE_IS_AN_ANSWER = new Set([
  "grep",
  "egrep",
  "fgrep",
  "rg",
  "ag",
  "find",
  "diff",
  "cmp",
  "test",
  "[",
]);

function exitOneIsBenign(command: string): boolean {
  // The status is the last pipeline's, so look at the last simple command of the line.
  const last =
    command
      .trim()
      .split(/\|\||&&|[;|\n]/)
      .pop() ?? "";
  const words = last
    .trim()
    .split(/\s+/)
    .filter((w) => !/^\w+=/.test(w));
  const name = (words[0] ?? "").split("/").pop() ?? "";
  return EXIT_ONE_IS_AN_ANSWER.has(name) || (name === "git" && (words[1] === "diff" || words[1] === "grep"));
}

function describe(
  result: ShellRunResult,
  command: string,
  timeoutMs: number,
): { content: string; isError: boolean } {
  const parts: string[] = [];
  if (result.output) parts.push(result.output);
  let isError = false;
  if (result.timedOut) {
    isError = true;
    parts.push(
      `Command timed out after ${timeoutMs} ms and was stopped, together with every process it started.`,
    );
  } else if (result.interrupted) {
    isError = true;
    parts.push("Command was interrupted by the user.");
  } else if (result.exitCode !== 0) {
    isError = result.exitCode === null || !(result.exitCode === 1 && exitOneIsBenign(command));
    parts.push(
      result.exitCode === null ? "Command ended without an exit code." : `Exit code ${result.exitCode}`,
    );
  }
  if (result.shellExited) {
    parts.push(
      `(The shell exited; the next command starts in a fresh shell in ${result.cwd}. Shell variables and functions were reset.)`,
    );
  }
  if (parts.length === 0) parts.push("(Command completed with no output)");
  return { content: parts.join("\n\n"), isError };
}

export const bashTool = defineTool({
  name: "Bash",
  readOnly: false,
  schema,
  description: `Executes a bash command in a persistent shell session and returns its output (stdout and stderr together).

- The shell persists between calls: the working directory and exported variables carry over. Prefer absolute paths; cd only when it helps.
- Quote paths that contain spaces: cd "/path/with spaces".
- Default timeout ${BASH_DEFAULT_TIMEOUT_MS / 1000} s, at most ${BASH_MAX_TIMEOUT_MS / 1000} s (timeout parameter, in ms). On timeout the command and everything it started is stopped.
- Output beyond ${BASH_DEFAULT_MAX_OUTPUT} characters is cut from the middle.
- Commands get no input (stdin is empty) and no pager; do not run interactive programs (editors, REPLs, "git rebase -i").
- Use the dedicated tools instead of shell equivalents: Glob (not find/ls for searching), Grep (not grep/rg), Read (not cat/head/tail), Edit/Write (not sed/echo >).
- Chain dependent commands with && and independent ones with ;. Do not use newlines to separate commands except in quoted strings.
- A process that must keep running (a dev server) should be started with nohup and & and its output sent to a log file.
- Give a short description of what the command does.`,
  async run(input, ctx) {
    if (input.run_in_background) {
      return errorResult(
        "run_in_background is not supported yet. Run the command in the foreground, or start a long-running process with `nohup <command> > /tmp/<name>.log 2>&1 &` and read the log later.",
      );
    }
    const maxTimeout = envInt(
      ctx.env,
      "BASH_MAX_TIMEOUT_MS",
      BASH_MAX_TIMEOUT_MS,
      1,
      Number.MAX_SAFE_INTEGER,
    );
    const defaultTimeout = envInt(ctx.env, "BASH_DEFAULT_TIMEOUT_MS", BASH_DEFAULT_TIMEOUT_MS, 1, maxTimeout);
    const timeoutMs = Math.min(input.timeout ?? defaultTimeout, maxTimeout);
    const maxOutputChars = envInt(ctx.env, "BASH_MAX_OUTPUT_LENGTH", BASH_DEFAULT_MAX_OUTPUT, 1, 150_000);
    const result = await ctx.shell().run(input.command, {
      timeoutMs,
      signal: ctx.signal,
      maxOutputChars,
      ...(ctx.onOutput ? { onData: ctx.onOutput } : {}),
    });
    const { content, isError } = describe(result, input.command, timeoutMs);
    const display = {
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      interrupted: result.interrupted,
      cwd: result.cwd,
      shellExited: result.shellExited ?? false,
      timeoutMs,
      ...(input.description ? { description: input.description } : {}),
    };
    return isError ? errorResult(content, display) : { content, display };
  },
});
