// Start-up and per-step timing marks for the startup benchmark (scripts/bench/startup.bench.mjs).
// Off unless a process turns them on (the CLI with BERTH_TIMINGS=<file>, the daemon with
// BERTH_DAEMON_TIMINGS=<file>); when off, `mark` costs one comparison. No imports and no I/O
// of its own: the process that enables it passes the writer (appendFileSync to its file), so
// the protocol stays pure and the CLI's fast paths can import this subpath without zod.

/** One line of a timings file. */
export interface TimingMark {
  /** Which process wrote it: "cli" or "daemon". */
  proc: string;
  pid: number;
  mark: string;
  /** What the mark is about, when it says: a tool name, an RPC method. Never inputs. */
  detail?: string;
  /** performance.now(): ms since this process started. */
  ms: number;
  /** Epoch ms with sub-ms precision, to line marks of different processes up. */
  at: number;
}

/**
 * The writer lives on globalThis, not in this module: the CLI's entry turns marks on, and its
 * command line may run as a separate bundle with its own copy of this module (the code-cached
 * script, apps/cli/src/code-cache.ts), whose marks must reach the same file.
 */
const STATE = Symbol.for("berth.timings");
type State = { sink: ((line: string) => void) | undefined; proc: string };
const holder = globalThis as { [STATE]?: State };
holder[STATE] ??= { sink: undefined, proc: "" };
const state: State = holder[STATE];

/**
 * Turns marks on when `file` is set (the value of BERTH_TIMINGS or BERTH_DAEMON_TIMINGS): every
 * mark becomes one JSON line, `append(file, line)` (appendFileSync). Marks `<processName>.main`
 * at once, so the first line says how long loading the process's modules took.
 */
export function enableTimings(
  processName: string,
  file: string | undefined,
  append: (file: string, line: string) => void,
): boolean {
  if (!file) return false;
  state.proc = processName;
  state.sink = (line) => append(file, line);
  mark(`${processName}.main`);
  return true;
}

export function disableTimings(): void {
  state.sink = undefined;
}

/**
 * Records that `name` happened now. `detail` is a string the caller already holds (no object is
 * built for a mark that is off). Never throws: timing must not change what it measures.
 */
export function mark(name: string, detail?: string): void {
  const sink = state.sink;
  if (sink === undefined) return;
  const ms = performance.now();
  const line: TimingMark = {
    proc: state.proc,
    pid: process.pid,
    mark: name,
    ms,
    at: performance.timeOrigin + ms,
  };
  if (detail !== undefined) line.detail = detail;
  try {
    sink(`${JSON.stringify(line)}\n`);
  } catch {
    // An unwritable timings file only loses marks.
  }
}
