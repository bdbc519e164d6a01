// What already ran in the shell's session before a command, so a timeout or an interrupt takes
// down what the command started and leaves earlier background jobs (a dev server) alone.
//
// On Linux this is a moment, not a list: the boot-clock tick at which the command was typed and
// the last pid the system had handed out then. Every process records when it started
// (/proc/<pid>/stat, in ticks), and pids are handed out in increasing order, so "older than the
// command" is answered when a cancel needs it, by the one scan of /proc that cancel does anyway.
// Listing the session's processes before every command instead read /proc/<pid>/stat for every
// process on the machine each time (1-2 ms of CPU per Bash call with ~100 processes, more on a
// busy machine), for an answer almost never used. Elsewhere (no /proc) it is a snapshot.
import { closeSync, openSync, readSync } from "node:fs";
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
  /**
   * Older than the command: started before `tick` (clock ticks since boot), or in that same tick
   * with a pid handed out no later than `lastPid`.
   */
  | { kind: "since"; tick: number; lastPid: number };

export const EMPTY_BASELINE: Baseline = {
  kind: "snapshot",
  processes: { groups: new Set(), strays: new Set() },
};

/**
 * A short /proc file read into a reused buffer: open, read, close (readFileSync adds an fstat and
 * a second read). Not kept open: a daemon's descriptors stay what they were between commands.
 */
function procReader(path: string): () => string | undefined {
  const buffer = Buffer.alloc(128);
  return () => {
    if (!hasProc) return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(path, "r");
      return buffer.toString("latin1", 0, readSync(fd, buffer, 0, buffer.length, 0));
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  };
}

const readUptime = procReader("/proc/uptime");
const readLoadavg = procReader("/proc/loadavg");

/** Clock ticks since boot now, on the clock /proc/<pid>/stat start times use; undefined off Linux. */
export function bootTick(): number | undefined {
  // "12345.67 54321.00": seconds since boot with two decimals, i.e. in ticks at 100 Hz.
  const [seconds = "", hundredths = "0"] = (readUptime()?.split(" ")[0] ?? "").split(".");
  const tick = Number(seconds) * TICKS_PER_SECOND + Number(hundredths.padEnd(2, "0").slice(0, 2));
  return seconds !== "" && Number.isFinite(tick) ? tick : undefined;
}

/** The pid most recently handed out (the last field of /proc/loadavg); undefined off Linux. */
export function lastPid(): number | undefined {
  const pid = Number.parseInt(readLoadavg()?.trim().split(" ").at(-1) ?? "", 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * The baseline for a command about to be typed (before it is). The pid is read after the tick,
 * so a process started in that tick after the pid was read has a larger pid.
 */
export async function baselineFor(shellPid: number): Promise<Baseline> {
  const tick = bootTick();
  const pid = lastPid();
  if (tick !== undefined && pid !== undefined) return { kind: "since", tick, lastPid: pid };
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
  // Pids wrapped around since the command started (the counter went back below its mark): the
  // same-tick comparison no longer holds, and those processes count as new.
  const wrapped = (lastPid() ?? baseline.lastPid) < baseline.lastPid;
  // Unknown start times count as new: a cancel then stops them rather than leave them running.
  const older = procs.filter(
    (p) =>
      p.start !== undefined &&
      (p.start < baseline.tick || (p.start === baseline.tick && !wrapped && p.pid <= baseline.lastPid)),
  );
  const oldGroups = new Set(older.filter((p) => p.pgid !== shellPid).map((p) => p.pgid));
  const oldStrays = new Set(older.filter((p) => p.pgid === shellPid).map((p) => p.pid));
  return {
    started: difference(toProcessSet(procs, shellPid), { groups: oldGroups, strays: oldStrays }),
    oldGroup: (pgid) => oldGroups.has(pgid),
  };
}
