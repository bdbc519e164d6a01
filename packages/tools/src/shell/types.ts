// Public shape of the persistent per-session shell (implementation in session.ts).

export interface ShellSessionOptions {
  /** Directory the shell starts in (and restarts in if the last known one has gone). */
  cwd: string;
  /** Environment for the shell and everything it runs; defaults to the daemon's own. */
  env?: Record<string, string>;
  /** Shell binary; must be bash (the delimiting relies on PROMPT_COMMAND and `set -m`). */
  shell?: string;
  /** How long processes get between SIGTERM and SIGKILL on timeout or interrupt. */
  killGraceMs?: number;
}

export interface ShellRunOptions {
  /** Kill the command (and every process group it started) after this long. Default 120000. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Output as it arrives, cleaned of terminal noise and of the internal markers. */
  onData?: (chunk: string) => void;
  /** Middle-truncate the returned output to this many characters. Default 30000. */
  maxOutputChars?: number;
}

export interface ShellRunResult {
  /** stdout and stderr interleaved as the terminal saw them, cleaned and middle-truncated. */
  output: string;
  /** Exit status of the command; null when it was killed without the shell reporting one. */
  exitCode: number | null;
  timedOut: boolean;
  interrupted: boolean;
  /** Working directory of the shell after the command. */
  cwd: string;
  /** The shell itself exited during the command; the next run starts a fresh one. */
  shellExited?: boolean;
}

export interface ShellSession {
  /** Runs one command; commands queue and run one at a time. Never rejects. */
  run(command: string, options?: ShellRunOptions): Promise<ShellRunResult>;
  /** Last known working directory. */
  readonly cwd: string;
  /** Pid of the running shell, if one is up. */
  readonly pid: number | undefined;
  /** Kills the shell and every process group it started; later runs fail. */
  dispose(): Promise<void>;
}
