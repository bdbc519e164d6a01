// The persistent per-session shell: one bash on a pty whose working directory and exported
// variables carry over between commands, with commands queued one at a time, output streamed,
// and timeouts or interrupts that take down everything the command started.
import {
  closeSync,
  constants,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { envInt } from "../util/env.js";
import { CommandRun, type RunOwner } from "./command-run.js";
import { type Baseline, baselineFor, EMPTY_BASELINE } from "./baseline.js";
import {
  hasProc,
  listSessionProcesses,
  type ProcessSet,
  signalProcesses,
  waitUntilGone,
} from "./process-groups.js";
import { PtyShell } from "./pty-shell.js";
import type { ShellRunOptions, ShellRunResult, ShellSession, ShellSessionOptions } from "./types.js";

const DEFAULT_MAX_OUTPUT = 30_000;
const DEFAULT_KILL_GRACE_MS = 2_000;
const DISPOSE_GRACE_MS = 50;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function processEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return env;
}

/**
 * Replaces a file's content without truncating it to zero first. ext4 flushes a file that was
 * truncated to zero and rewritten when it is closed (its guard against the replace-via-truncate
 * pattern losing data on a crash), which made every command's writeFileSync cost 2-4 ms; writing
 * over the old content and then cutting to the new length (never zero: it ends with a newline)
 * costs microseconds. Never created with more than owner access.
 */
function overwrite(path: string, text: string): void {
  const data = Buffer.from(text);
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT, 0o600);
  try {
    writeSync(fd, data, 0, data.length, 0);
    ftruncateSync(fd, data.length);
  } finally {
    closeSync(fd);
  }
}

export function createShellSession(options: ShellSessionOptions): ShellSession {
  return new PersistentShell(options);
}

class PersistentShell implements ShellSession, RunOwner {
  private current: PtyShell | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private lastCwd: string;
  /** Off Linux: the processes listed while the shell sat idle, for the next command's baseline. */
  private snapshot: { pid: number; processes: Promise<ProcessSet> } | undefined;
  /** A command is between being typed and its CommandRun finishing. */
  private busy = false;
  /** The shell started for the current run, which cannot have background jobs yet. */
  private freshShell: PtyShell | undefined;
  private disposed = false;
  private readonly env: Record<string, string>;
  /** Holds the command file; the shell sources it, so the command text never passes the terminal. */
  private readonly dir = mkdtempSync(join(tmpdir(), "berth-shell-"));
  private readonly scriptPath = join(this.dir, "command");

  constructor(private readonly options: ShellSessionOptions) {
    this.lastCwd = options.cwd;
    this.env = options.env ?? processEnv();
  }

  get cwd(): string {
    return this.lastCwd;
  }

  get pid(): number | undefined {
    return this.current && !this.current.exited ? this.current.pid : undefined;
  }

  run(command: string, options: ShellRunOptions = {}): Promise<ShellRunResult> {
    const result = this.queue.then(() => this.runNow(command, options));
    this.queue = result.catch(() => {});
    return result;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const shell = this.current;
    this.current = undefined;
    if (shell && !shell.exited) {
      const all = await listSessionProcesses(shell.pid);
      signalProcesses(all, "SIGTERM");
      shell.kill();
      // Jobs get a short grace to exit on SIGTERM; with none left (the usual case) closing a
      // session does not wait at all.
      if (!(await waitUntilGone(all, DISPOSE_GRACE_MS))) signalProcesses(all, "SIGKILL");
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private result(partial: Partial<ShellRunResult>): ShellRunResult {
    return { output: "", exitCode: null, timedOut: false, interrupted: false, cwd: this.lastCwd, ...partial };
  }

  /** The running shell, or a fresh one in the last known directory if there is none (or it died). */
  private async shell(): Promise<PtyShell> {
    if (this.current && !this.current.exited) return this.current;
    // Runs are queued, so only one start can be in flight.
    const cwd = [this.lastCwd, this.options.cwd, homedir()].find(isDirectory) ?? "/";
    this.current = await PtyShell.start(this.options.shell ?? "/bin/bash", cwd, this.env);
    this.freshShell = this.current;
    this.lastCwd = cwd;
    return this.current;
  }

  private async runNow(command: string, options: ShellRunOptions): Promise<ShellRunResult> {
    if (this.disposed)
      return this.result({ output: "The shell session has been closed.", interrupted: true });
    if (options.signal?.aborted) return this.result({ interrupted: true });
    let shell: PtyShell;
    try {
      shell = await this.shell();
    } catch (error) {
      return this.result({ output: `Could not start the shell: ${(error as Error).message}` });
    }
    try {
      this.writeScript(command);
    } catch (error) {
      return this.result({ output: `Could not write the command file: ${(error as Error).message}` });
    }
    this.busy = true;
    const before = await this.baseline(shell);
    return new Promise<ShellRunResult>((resolve) =>
      new CommandRun(this, shell, before, options, resolve).start(),
    );
  }

  private writeScript(command: string): void {
    try {
      overwrite(this.scriptPath, `${command}\n`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      // A temp cleaner removed the directory during a long session: make it again.
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      overwrite(this.scriptPath, `${command}\n`);
    }
  }

  /** Called by a finished CommandRun, just before it hands out its result. */
  settle(cwd: string | undefined): void {
    if (cwd) this.lastCwd = cwd;
    this.busy = false;
    if (hasProc) return; // the next command's baseline is a moment, not a list (baseline.ts)
    // Snapshot for the next command while the shell sits idle at its prompt (nothing new can
    // start until we type the next command) and the model is busy thinking: off the critical
    // path: a timer fires after this turn of the event loop, in which the result is committed
    // and sent. A command typed before then (a queued run) lists the processes itself, and this
    // snapshot is not taken.
    const shell = this.current;
    setTimeout(() => {
      if (this.busy || this.disposed || !shell || shell !== this.current || shell.exited) return;
      this.snapshot = { pid: shell.pid, processes: listSessionProcesses(shell.pid) };
    }, 0);
  }

  /**
   * Jobs still running from earlier commands (a server started with `&`) are not the next
   * command's to kill on timeout; this says which they are. A fresh shell has none.
   */
  private async baseline(shell: PtyShell): Promise<Baseline> {
    const taken = this.snapshot;
    this.snapshot = undefined;
    if (this.freshShell === shell) {
      this.freshShell = undefined;
      return EMPTY_BASELINE;
    }
    if (taken?.pid === shell.pid) return { kind: "snapshot", processes: await taken.processes };
    return baselineFor(shell.pid);
  }

  get maxOutputDefault(): number {
    return envInt(this.env, "BASH_MAX_OUTPUT_LENGTH", DEFAULT_MAX_OUTPUT, 1, 150_000);
  }

  get killGraceMs(): number {
    return this.options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  }

  get scriptFile(): string {
    return this.scriptPath;
  }
}
