// One bash process on a pseudo-terminal, set up so commands can be delimited reliably. The
// session (session.ts) owns one at a time and replaces it if it dies.
import { randomBytes } from "node:crypto";
import type * as pty from "node-pty";
import { MarkerStream, printEnd } from "./markers.js";
import { inheritedMasters, masterFds } from "./pty-fds.js";

// Wide enough that programs which format to the terminal width (ls, ps) rarely wrap or cut lines.
const COLUMNS = 500;
const ROWS = 50;
const START_TIMEOUT_MS = 10_000;

export function newNonce(): string {
  return randomBytes(8).toString("hex");
}

/**
 * Typed into the fresh shell before anything else. Echo is still on for this one line; the markers
 * are assembled by printf from pieces, so the echoed text is never mistaken for one.
 * - stty -echo: commands we type are not echoed back; -onlcr: output keeps plain "\n".
 * - set -m: job control, so each pipeline gets its own process group we can kill as a whole.
 * - no history file, no history expansion, empty prompts: nothing but command output on the terminal.
 * - PROMPT_COMMAND prints the end marker. Bash runs it before every prompt, whatever happened to
 *   the command: normal end, syntax error, or Ctrl-C abandoning a script half way. Both it and the
 *   function are read-only so a command cannot switch the delimiting off.
 */
function initLine(nonce: string, closeFds: number[]): string {
  return [
    // Another session's terminal, inherited from an unpatched node-pty (pty-fds.ts), goes first.
    ...(closeFds.length ? [`exec ${closeFds.map((fd) => `${fd}<&-`).join(" ")}`] : []),
    "stty -echo -onlcr 2>/dev/null",
    "set +o history +H -m",
    // The permission engine judges the command text as written; an alias could make that text
    // run something else, so aliases are off in the tool shell.
    "unalias -a 2>/dev/null; shopt -u expand_aliases",
    "unset HISTFILE",
    "PS1=''",
    "PS2=''",
    `__berth_end() { local __berth_status=$?; ${printEnd}; }`,
    "readonly -f __berth_end",
    "PROMPT_COMMAND=__berth_end",
    "readonly PROMPT_COMMAND",
    `__berth_nonce=${nonce}`,
  ].join("; ");
}

/** Environment for the shell: the session's, made safe for a program with no human at the keyboard. */
function shellEnv(base: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { ...base };
  for (const key of ["PROMPT_COMMAND", "PS1", "PS2", "BASH_ENV", "ENV", "HISTFILE"]) delete env[key];
  // A pager or an editor would wait for keys that never come.
  env.PAGER = "cat";
  env.GIT_PAGER = "cat";
  env.GIT_EDITOR = "true";
  env.TERM = "dumb";
  hardenGit(env);
  return env;
}

/**
 * `git status` runs without asking, but a hostile checkout's `.git/config` can name a program
 * as its `core.fsmonitor`, which every status would execute. Configuration from the
 * environment outranks the repository's, so the tool shell switches that hook off (keeping
 * any GIT_CONFIG_* entries the session already had).
 */
function hardenGit(env: Record<string, string>): void {
  const count = Number.parseInt(env.GIT_CONFIG_COUNT ?? "0", 10);
  const index = Number.isInteger(count) && count >= 0 ? count : 0;
  env[`GIT_CONFIG_KEY_${index}`] = "core.fsmonitor";
  env[`GIT_CONFIG_VALUE_${index}`] = "false";
  env.GIT_CONFIG_COUNT = String(index + 1);
}

let ptyModule: Promise<typeof pty> | undefined;

/** The native addon loads with the first shell, not with the daemon (it is CommonJS: both shapes). */
function loadPty(): Promise<typeof pty> {
  ptyModule ??= import("node-pty").then((m) => (m as { default?: typeof pty }).default ?? m);
  return ptyModule;
}

export class PtyShell {
  exited = false;
  private readonly dataListeners = new Set<(data: string) => void>();
  private readonly exitListeners = new Set<(code: number | null) => void>();

  private constructor(private readonly proc: pty.IPty) {
    proc.onData((data) => {
      for (const listener of this.dataListeners) listener(data);
    });
    proc.onExit(({ exitCode, signal }) => {
      this.exited = true;
      const code = signal ? 128 + signal : exitCode;
      for (const listener of this.exitListeners) listener(code);
    });
  }

  static async start(shell: string, cwd: string, env: Record<string, string>): Promise<PtyShell> {
    const { spawn } = await loadPty();
    const proc = spawn(shell, ["--noprofile", "--norc", "--noediting"], {
      name: "dumb",
      cols: COLUMNS,
      rows: ROWS,
      cwd,
      env: shellEnv(env),
    });
    const sh = new PtyShell(proc);
    const inherited = inheritedMasters((proc as { fd?: number }).fd);
    const nonce = newNonce();
    const ready = new Promise<void>((resolve, reject) => {
      // Everything before the first end marker (the echoed set-up line) is discarded.
      const stream = new MarkerStream(nonce, () => {}, false);
      const timer = setTimeout(
        () => done(new Error(`${shell} did not start within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      const offData = sh.onData((data) => {
        if (stream.push(data)) done();
      });
      const offExit = sh.onExit((code) =>
        done(new Error(`${shell} exited during start-up (status ${code})`)),
      );
      function done(error?: Error): void {
        clearTimeout(timer);
        offData();
        offExit();
        if (error) reject(error);
        else resolve();
      }
    });
    sh.write(`${initLine(nonce, inherited)}\n`);
    try {
      await ready;
      // Fail closed: a shell that holds any terminal's control end could type into it.
      const held = masterFds(sh.pid);
      if (held.length)
        throw new Error(
          `${shell} holds pty masters (fds ${held.join(", ")}) of other terminals; not using it`,
        );
    } catch (error) {
      sh.kill();
      throw error;
    }
    return sh;
  }

  get pid(): number {
    return this.proc.pid;
  }

  write(data: string): void {
    if (!this.exited) this.proc.write(data);
  }

  onData(listener: (data: string) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onExit(listener: (code: number | null) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Kills the shell and whatever is left in its own process group. */
  kill(): void {
    if (this.exited) return;
    // Counted as gone at once: the exit event comes later, and the next run must not pick this shell.
    this.exited = true;
    try {
      process.kill(-this.proc.pid, "SIGKILL");
    } catch {
      try {
        this.proc.kill("SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}
