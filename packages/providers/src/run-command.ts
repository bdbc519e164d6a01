// Runs a settings-supplied shell command (apiKeyHelper, awsCredentialExport, awsAuthRefresh) the
// way Claude Code does: `/bin/sh -c <command>` in the project folder with the session's
// environment. The child gets its own process group so a timeout stops the whole pipeline, not
// just the shell.
import { spawn } from "node:child_process";
import type { Env } from "./env.js";
import { MODEL_CREDENTIAL_VARS } from "./secrets/secret-names.js";

export interface RunCommandOptions {
  cwd: string;
  env: Env;
  timeoutMs: number;
  /** Output beyond this many bytes per stream is dropped; a credential is never that long. */
  maxOutputBytes?: number;
}

export interface RunCommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the shell could not be started at all (missing cwd, no /bin/sh). */
  spawnError?: Error;
  durationMs: number;
}

const DEFAULT_MAX_OUTPUT = 1024 * 1024;

/** The session's environment minus Berth's model credentials: a helper makes a key, it needs none. */
function toChildEnv(env: Env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && !MODEL_CREDENTIAL_VARS.includes(key)) out[key] = value;
  return out;
}

export function runShellCommand(command: string, options: RunCommandOptions): Promise<RunCommandResult> {
  const started = Date.now();
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let timedOut = false;
    let settled = false;
    const finish = (result: Omit<RunCommandResult, "durationMs" | "stdout" | "stderr" | "timedOut">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        ...result,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        timedOut,
        durationMs: Date.now() - started,
      });
    };

    const child = spawn("/bin/sh", ["-c", command], {
      cwd: options.cwd,
      env: toChildEnv(options.env),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);

    child.stdout.on("data", (chunk: Buffer) => {
      if (stdoutBytes < max) stdout.push(chunk);
      stdoutBytes += chunk.length;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderrBytes < max) stderr.push(chunk);
      stderrBytes += chunk.length;
    });
    child.on("error", (error) => finish({ exitCode: null, signal: null, spawnError: error }));
    // "close" (not "exit") so all output has been read before we resolve.
    child.on("close", (exitCode, signal) => finish({ exitCode, signal }));
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
