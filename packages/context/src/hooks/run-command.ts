// Runs one hook command: the event JSON on stdin, stdout and stderr captured (capped), in a
// process group of its own so a timeout or an interrupt kills everything it started, not just
// the shell. The process exits on its own, times out, or is killed when `signal` fires.
import { spawn } from "node:child_process";
import type { HookRun, SelectedHook } from "./types.js";

/** Kept per stream; a chatty hook cannot make the daemon hold megabytes. */
const CAPTURE_LIMIT = 256 * 1024;
/** After SIGTERM, how long a group gets before SIGKILL. */
const KILL_GRACE_MS = 2_000;
/** Background children that keep stdout open do not hold the result once the hook itself exited. */
const DRAIN_AFTER_EXIT_MS = 200;

export interface RunCommandOptions {
  cwd: string;
  env: Record<string, string>;
  input: string;
  signal?: AbortSignal;
  now?: () => number;
  /**
   * Told the hook's process group when it starts (running) and when the hook is done: a daemon
   * killed with SIGKILL cannot stop its hooks, so it records them for the next daemon to kill.
   */
  onGroup?: (pgid: number, running: boolean) => void;
}

function killGroup(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, sig);
  } catch {
    // Gone already (ESRCH): nothing left to stop.
  }
}

export function runHookCommand(hook: SelectedHook, options: RunCommandOptions): Promise<HookRun> {
  const now = options.now ?? Date.now;
  const started = now();
  return new Promise((resolve) => {
    const [file, argv] =
      hook.args && hook.args.length > 0 ? [hook.command, hook.args] : ["/bin/sh", ["-c", hook.command]];
    const child = spawn(file, argv, {
      cwd: options.cwd,
      env: options.env,
      // A new session and process group, so the whole tree can be signalled as one.
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    // The child leads its own group (detached), so its pid is the group's id.
    const pgid = child.pid;
    if (pgid !== undefined) options.onGroup?.(pgid, true);
    const out: string[] = [];
    const err: string[] = [];
    let outLen = 0;
    let errLen = 0;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      if (outLen < CAPTURE_LIMIT) out.push(chunk.slice(0, CAPTURE_LIMIT - outLen));
      outLen += chunk.length;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      if (errLen < CAPTURE_LIMIT) err.push(chunk.slice(0, CAPTURE_LIMIT - errLen));
      errLen += chunk.length;
    });
    let timedOut = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      killGroup(child.pid, "SIGTERM");
      killTimer ??= setTimeout(() => killGroup(child.pid, "SIGKILL"), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, hook.timeoutMs);
    const onAbort = () => stop();
    options.signal?.addEventListener("abort", onAbort, { once: true });

    const finish = (exitCode: number | null, signal: string | null, spawnError?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener("abort", onAbort);
      if (pgid !== undefined) options.onGroup?.(pgid, false);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({
        hook,
        exitCode,
        signal,
        timedOut,
        durationMs: Math.max(0, now() - started),
        stdout: out.join(""),
        stderr: err.join(""),
        ...(spawnError ? { spawnError } : {}),
      });
    };
    child.on("error", (error) => finish(null, null, error.message));
    child.on("exit", (code, sig) => {
      let open = 2;
      const drained = () => {
        if (--open === 0) finish(code, sig);
      };
      if (child.stdout.readableEnded) open--;
      if (child.stderr.readableEnded) open--;
      if (open === 0) return finish(code, sig);
      child.stdout.once("end", drained);
      child.stderr.once("end", drained);
      setTimeout(() => finish(code, sig), DRAIN_AFTER_EXIT_MS).unref();
    });
    // A hook that does not read its input must not fail on EPIPE.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input);
  });
}
