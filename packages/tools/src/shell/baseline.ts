// What already ran in the shell's session before a command, so a timeout or an interrupt takes
// down what the command started and leaves earlier background jobs (a dev server) alone.
//
// On Linux this is a moment, not a list: the boot-clock tick at which the command was typed.
// Every process records when it started (/proc/<pid>/stat), so "older than the command" is
// answered when a cancel needs it, by the one scan of /proc that cancel does anyway. Listing the
// session's processes after every command instead read /proc/<pid>/stat for every process on the
// machine each time (1-2 ms of CPU per Bash call with ~100 processes, more on a busy machine),
// for an answer almost never used. Elsewhere (no /proc), and for a command typed in the same
// hundredth of a second as the previous one finished, it is a snapshot of the processes.
import { openSync, readSync } from "node:fs";
import {
  difference,
  hasProc,
  listSessionProcesses,
  type ProcessSet,
  sessionProcesses,
  toProcessSet,
} from "./process-groups.js";

/** USER_HZ, the unit of /proc/<pid>/stat start times: 100 on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;

export type Baseline =
  /** Processes listed before the command. */
  | { kind: "snapshot"; processes: ProcessSet }
  /** Processes started before this tick (clock ticks since boot) are older than the command. */
  | { kind: "since"; tick: number };

export const EMPTY_BASELINE: Baseline = {
  kind: "snapshot",
  processes: { groups: new Set(), strays: new Set() },
};

/** /proc/uptime, open for the process's life: re-read in place (pread at 0), one syscall a time. */
let uptimeFd: number | undefined;
const uptimeBuffer = Buffer.alloc(64);

/** Clock ticks since boot now, on the clock /proc/<pid>/stat start times use; undefined off Linux. */
export function bootTick(): number | undefined {
  if (!hasProc) return undefined;
  try {
    uptimeFd ??= openSync("/proc/uptime", "r");
    const length = readSync(uptimeFd, uptimeBuffer, 0, uptimeBuffer.length, 0);
    // "12345.67 54321.00": seconds since boot with two decimals, i.e. in ticks at 100 Hz.
    const text = uptimeBuffer.toString("latin1", 0, length);
    const [seconds, hundredths = "0"] = (text.split(" ")[0] ?? "").split(".");
    const tick = Number(seconds) * TICKS_PER_SECOND + Number(hundredths.padEnd(2, "0").slice(0, 2));
    return Number.isFinite(tick) && seconds !== "" ? tick : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The baseline for a command about to be typed. `after` is the tick at which the previous command
 * was seen to finish: everything it started began at or before that tick, so only a later tick
 * tells its jobs apart from this command's by start time alone. A command typed within the same
 * hundredth of a second (queued runs, an instant model) lists the processes instead, as every
 * command used to.
 */
export async function baselineFor(shellPid: number, after: number | undefined): Promise<Baseline> {
  const tick = bootTick();
  if (tick !== undefined && (after === undefined || tick > after)) return { kind: "since", tick };
  return { kind: "snapshot", processes: await listSessionProcesses(shellPid) };
}

/**
 * What the command started that is still there: process groups without an older member, and
 * strays (in the shell's own group) that are not older. `oldGroup` tells whether a group (the
 * terminal's foreground one) belongs to the time before the command.
 */
export async function startedSince(
  shellPid: number,
  baseline: Baseline,
): Promise<{ started: ProcessSet; oldGroup: (pgid: number) => boolean }> {
  if (baseline.kind === "snapshot") {
    const before = baseline.processes;
    return {
      started: difference(await listSessionProcesses(shellPid), before),
      oldGroup: (pgid) => before.groups.has(pgid),
    };
  }
  const procs = await sessionProcesses(shellPid);
  // Unknown start times count as new: a cancel then stops them rather than leave them running.
  const older = procs.filter((p) => p.start !== undefined && p.start < baseline.tick);
  const oldGroups = new Set(older.filter((p) => p.pgid !== shellPid).map((p) => p.pgid));
  const oldStrays = new Set(older.filter((p) => p.pgid === shellPid).map((p) => p.pid));
  const now = toProcessSet(procs, shellPid);
  return {
    started: difference(now, { groups: oldGroups, strays: oldStrays }),
    oldGroup: (pgid) => oldGroups.has(pgid),
  };
}
