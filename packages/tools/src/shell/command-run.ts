// One command on the shell, from typing it to its result: output parsing and streaming, and the
// timeout / interrupt escalation that takes down everything the command started.
import { OutputCollector, truncateMiddle } from "../truncate.js";
import { applyCarriageReturns, stripTerminalNoise } from "./ansi.js";
import { MarkerStream, printBegin } from "./markers.js";
import { type Baseline, startedSince } from "./baseline.js";
import { foregroundGroup, isEmpty, signalProcesses } from "./process-groups.js";
import { newNonce, type PtyShell } from "./pty-shell.js";
import type { ShellRunOptions, ShellRunResult } from "./types.js";

const DEFAULT_TIMEOUT_MS = 120_000;
/** After SIGKILL, how long the shell gets to report back before it is presumed wedged and replaced. */
const SHELL_REPORT_MS = 1_000;
const POLL_MS = 40;
/** How long a job gets to exit on SIGINT (most do at once) before SIGTERM follows. */
const INTERRUPT_GRACE_MS = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function signalShell(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // the shell is gone; the exit handler reports it
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** What a run needs from the session that owns the shell. */
export interface RunOwner {
  readonly cwd: string;
  readonly scriptFile: string;
  readonly killGraceMs: number;
  readonly maxOutputDefault: number;
  /** Told when the command is over, with the shell's new working directory if it reported one. */
  settle(cwd: string | undefined): void;
}

/** One command on the shell, from typing it to the result; owns its timeout and interrupt. */
export class CommandRun {
  private readonly nonce = newNonce();
  private readonly collector: OutputCollector;
  private readonly stream: MarkerStream;
  private end: { exitCode: number | null; cwd?: string; shellExited?: boolean } | undefined;
  private cancelled: "timeout" | "interrupt" | undefined;
  private settled = false;
  private readonly cleanup: (() => void)[] = [];

  constructor(
    private readonly owner: RunOwner,
    private readonly shell: PtyShell,
    private readonly before: Baseline,
    private readonly options: ShellRunOptions,
    private readonly resolve: (result: ShellRunResult) => void,
  ) {
    this.collector = new OutputCollector(options.maxOutputChars ?? owner.maxOutputDefault);
    this.stream = new MarkerStream(this.nonce, (raw) => {
      // Bash names the sourced file in its own error messages; show them as `bash -c` would.
      const text = stripTerminalNoise(raw).split(owner.scriptFile).join("-c");
      if (!text) return;
      this.collector.push(text);
      try {
        options.onData?.(text);
      } catch {
        // A failing listener must not break the command.
      }
    });
  }

  start(): void {
    this.cleanup.push(
      this.shell.onData((data) => {
        const end = this.stream.push(data);
        if (end && !this.end) this.ended({ exitCode: end.exitCode, cwd: end.cwd });
      }),
      this.shell.onExit((code) => this.ended({ exitCode: code, shellExited: true })),
    );
    const timer = setTimeout(
      () => this.cancelSafely("timeout"),
      this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    this.cleanup.push(() => clearTimeout(timer));
    const signal = this.options.signal;
    if (signal) {
      const onAbort = () => this.cancelSafely("interrupt");
      signal.addEventListener("abort", onAbort, { once: true });
      this.cleanup.push(() => signal.removeEventListener("abort", onAbort));
    }
    if (this.shell.exited) {
      this.ended({ exitCode: null, shellExited: true });
      return;
    }
    // stdin is /dev/null: a command waiting for input gets end-of-file rather than hanging.
    const line = `__berth_nonce=${this.nonce}; ${printBegin}; builtin source ${shellQuote(this.owner.scriptFile)} </dev/null`;
    this.shell.write(`${line}\n`);
  }

  private ended(end: NonNullable<CommandRun["end"]>): void {
    if (this.end) return;
    this.end = end;
    if (!this.cancelled) this.finish(); // a cancellation finishes once its clean-up is done
  }

  private cancelSafely(reason: "timeout" | "interrupt"): void {
    this.cancel(reason).catch(() => {
      // Clean-up itself failed (it should not): fall back to the blunt end, never leave the run hanging.
      this.shell.kill();
      this.end ??= { exitCode: null, shellExited: true };
      this.finish();
    });
  }

  /**
   * Timeout or interrupt, escalating:
   * 1. SIGINT, as Ctrl-C would send, to the foreground job, and also to the shell itself: bash then
   *    abandons the rest of the command (`sleep 9; rm x` must not go on to `rm`) however the job ends.
   * 2. SIGTERM to every process group the command started (background jobs included) that is
   *    still there shortly after; SIGKILL once the grace period is over.
   * 3. If the shell still does not report back, it is killed and replaced on the next run.
   */
  private async cancel(reason: "timeout" | "interrupt"): Promise<void> {
    if (this.cancelled || this.end) return;
    this.cancelled = reason;
    const pid = this.shell.pid;
    const started = async () => {
      const { started: now, oldGroup } = await startedSince(pid, this.before);
      const fg = await foregroundGroup(pid);
      if (fg && fg !== pid && !oldGroup(fg)) now.groups.add(fg);
      return now;
    };
    // Waits until the shell has reported and nothing the command started is left, or the deadline.
    const waitQuiet = async (deadline: number, signal?: NodeJS.Signals) => {
      let left = await started();
      while (Date.now() < deadline && !(this.end && isEmpty(left))) {
        await sleep(POLL_MS);
        left = await started();
        if (signal) signalProcesses(left, signal); // also catches jobs started meanwhile
      }
      return left;
    };
    signalShell(pid, "SIGINT");
    this.shell.write("\x03");
    let left = await waitQuiet(Date.now() + Math.min(INTERRUPT_GRACE_MS, this.owner.killGraceMs));
    if (!this.end || !isEmpty(left)) {
      signalProcesses(left, "SIGTERM");
      left = await waitQuiet(Date.now() + this.owner.killGraceMs, "SIGTERM");
    }
    if (!this.end || !isEmpty(left)) {
      signalProcesses(left, "SIGKILL");
      signalShell(pid, "SIGINT");
      await waitQuiet(Date.now() + SHELL_REPORT_MS, "SIGKILL");
    }
    if (!this.end) {
      // The shell ignores SIGINT while running something that never returns: replace it.
      signalProcesses(await started(), "SIGKILL");
      this.shell.kill();
      this.end = { exitCode: null, shellExited: true };
    }
    this.finish();
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    for (const fn of this.cleanup) fn();
    const end = this.end ?? { exitCode: null };
    this.owner.settle(end.cwd);
    const { text, dropped } = this.collector.snapshot();
    const output = truncateMiddle(
      applyCarriageReturns(text).replace(/\n+$/, ""),
      this.options.maxOutputChars ?? this.owner.maxOutputDefault,
      dropped,
    );
    this.resolve({
      output,
      exitCode: end.exitCode,
      timedOut: this.cancelled === "timeout",
      interrupted: this.cancelled === "interrupt",
      cwd: this.owner.cwd,
      ...(end.shellExited ? { shellExited: true } : {}),
    });
  }
}
