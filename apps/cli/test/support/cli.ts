import { type ChildProcessByStdio, spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { processState } from "@berth/client";
import { berthPaths } from "@berth/protocol";
import { makeTempDir, type TempDir, waitFor } from "@berth/testkit";
import { CLI_ENTRY } from "./paths";

/** One isolated world for the CLI: a Berth home, a HOME, and project folders, all temporary. */
export interface Sandbox {
  root: string;
  /** BERTH_HOME */
  home: string;
  /** HOME for the CLI and the daemon it starts. */
  userHome: string;
  /** A fresh (realpath'ed) project folder. */
  project(name?: string): string;
  /** The environment a user would have: credentials point at `modelUrl` when given. */
  env(modelUrl?: string, extra?: Record<string, string>): Record<string, string>;
  /** Stops this home's daemon if one runs, and removes everything. */
  cleanup(): Promise<void>;
}

let projects = 0;

export function makeSandbox(prefix = "berth-cli-e2e-"): Sandbox {
  const dir: TempDir = makeTempDir(prefix);
  const home = join(dir.path, "berth-home");
  const userHome = join(dir.path, "user-home");
  mkdirSync(userHome, { recursive: true });
  return {
    root: dir.path,
    home,
    userHome,
    project(name = `project-${++projects}`) {
      const path = join(dir.path, name);
      mkdirSync(path, { recursive: true });
      return path;
    },
    env(modelUrl, extra = {}) {
      return {
        BERTH_HOME: home,
        HOME: userHome,
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        // A safety net: a daemon that a crashed test run failed to stop exits on its own.
        BERTH_DAEMON_IDLE_MS: "120000",
        ...(modelUrl ? { ANTHROPIC_API_KEY: "test", ANTHROPIC_BASE_URL: modelUrl } : {}),
        ...extra,
      };
    },
    async cleanup() {
      await stopDaemon(home);
      dir.cleanup();
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env: Record<string, string>;
  cwd: string;
  input?: string;
  /** stdin is this file (`berth … < file`) instead of a pipe fed `input`. */
  stdinFile?: string;
  timeoutMs?: number;
}

/** Runs the built `berth` to completion. stdin is a pipe fed `input` (so never a TTY). */
export function runCli(args: string[], options: RunOptions): Promise<CliResult> {
  return runProgram(process.execPath, [CLI_ENTRY, ...args], options);
}

/** Runs any program to completion, collecting its output; killed after the timeout. */
export function runProgram(command: string, args: string[], options: RunOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const stdinFd = options.stdinFile === undefined ? undefined : openSync(options.stdinFile, "r");
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [stdinFd ?? "pipe", "pipe", "pipe"],
    }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
    if (stdinFd !== undefined) closeSync(stdinFd);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    // A CLI that exits before reading its input (a refusal, a usage error) closes the pipe:
    // EPIPE here is that, not a failure of the command under test.
    child.stdin?.on("error", () => {});
    child.stdin?.end(options.input ?? "");
  });
}

/** The pid in the home's daemon lock, if that process is alive. */
export function daemonPid(home: string): number | undefined {
  const lock = berthPaths(home).lock;
  if (!existsSync(lock)) return undefined;
  const pid = Number.parseInt(readFileSync(lock, "utf8"), 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

/** A daemon that exited but is not reaped yet (a zombie) holds nothing: it counts as gone. */
export function isAlive(pid: number): boolean {
  return processState(pid) === "running";
}

/** SIGTERM the home's daemon and wait until it is gone, so no test leaks a daemon. */
export async function stopDaemon(home: string): Promise<void> {
  const pid = daemonPid(home);
  if (pid === undefined) return;
  process.kill(pid, "SIGTERM");
  try {
    await waitFor(() => !isAlive(pid), { timeoutMs: 10_000, description: `daemon ${pid} to exit` });
  } catch (error) {
    if (isAlive(pid)) process.kill(pid, "SIGKILL");
    throw error;
  }
}
