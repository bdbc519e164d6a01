// Finding and signalling what a command started. The shell runs with job control (`set -m`), so
// every pipeline of a command, foreground or `&`, gets its own process group; killing groups
// (not pids) takes down a pipeline's children and grandchildren together.
import { execFile } from "node:child_process";
import { closeSync, openSync, readdirSync, readSync } from "node:fs";

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  tpgid: number;
  /** When it started, in clock ticks since boot (Linux); undefined where unknown. */
  start?: number;
}

/** Parses /proc/<pid>/stat; the command name is parenthesised and may itself contain spaces or ")". */
function parseStat(text: string): ProcInfo | undefined {
  const close = text.lastIndexOf(")");
  if (close === -1) return undefined;
  const pid = Number.parseInt(text, 10);
  // Fields after the name: state ppid pgrp session tty_nr tpgid ... starttime (the 20th).
  const f = text.slice(close + 2).split(" ", 20);
  // Zombies are dead already (only waiting to be reaped, possibly by a PID 1 that never does).
  if (f[0] === "Z" || f[0] === "X") return undefined;
  const nums = [f[1], f[2], f[3], f[5], f[19]].map((v) => Number.parseInt(v ?? "", 10));
  if (nums.some(Number.isNaN)) return undefined;
  return { pid, ppid: nums[0]!, pgid: nums[1]!, sid: nums[2]!, tpgid: nums[3]!, start: nums[4]! };
}

/** The fields read are near the start of /proc/<pid>/stat (the name is at most 16 bytes). */
const statBuffer = Buffer.alloc(1024);

/**
 * Synchronous: /proc files live in memory, and a promise-based read costs ten times the CPU.
 * open + read + close into one reused buffer (readFileSync adds an fstat and a fresh buffer per
 * process, and a scan reads every process on the machine after each command).
 */
function readStat(pid: number | string): ProcInfo | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/${pid}/stat`, "r");
    const length = readSync(fd, statBuffer, 0, statBuffer.length, 0);
    // latin1: only the command name can hold other bytes, and it is skipped.
    return parseStat(statBuffer.toString("latin1", 0, length));
  } catch {
    return undefined; // the process exited between listing and reading
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** /proc entries read between two turns of the event loop when scanning every process. */
const SCAN_CHUNK = 128;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function ps(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile("ps", args, { timeout: 5000 }, (_err, stdout) => resolve(String(stdout ?? "")));
  });
}

export const hasProc = process.platform === "linux";

/**
 * Every process belonging to the shell's terminal session except the shell. On Linux the session
 * id finds even processes that were re-parented to init (`(cmd &)`, double forks); elsewhere the
 * descendants of the shell stand in for it.
 */
export async function sessionProcesses(shellPid: number): Promise<ProcInfo[]> {
  if (hasProc) {
    // This runs after every command. /proc files are generated in memory and read in a few
    // microseconds, so synchronous reads cost far less than one promise-based readFile per
    // process (open, fstat, read and close each a thread-pool round trip: ~10 ms of CPU per
    // scan of 100 processes, against ~1.5 ms). The event loop gets a turn every SCAN_CHUNK
    // processes, so a machine with thousands of them does not stall other sessions.
    let entries: string[];
    try {
      entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
    } catch {
      entries = [];
    }
    const found: ProcInfo[] = [];
    for (let i = 0; i < entries.length; i++) {
      if (i > 0 && i % SCAN_CHUNK === 0) await nextTurn();
      const s = readStat(entries[i] as string);
      if (s && s.sid === shellPid && s.pid !== shellPid) found.push(s);
    }
    return found;
  }
  const all: ProcInfo[] = [];
  for (const line of (await ps(["-A", "-o", "pid=,ppid=,pgid="])).split("\n")) {
    const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number);
    if (pid && ppid !== undefined && pgid) all.push({ pid, ppid, pgid, sid: 0, tpgid: 0 });
  }
  const inTree = new Set([shellPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => p.pid !== shellPid && inTree.has(p.pid));
}

/** What a command may have started, as process groups plus stray pids in the shell's own group. */
export interface ProcessSet {
  /** Process groups other than the shell's (jobs). */
  groups: Set<number>;
  /** Pids in the shell's own group (command substitutions run there), killed one by one. */
  strays: Set<number>;
}

export async function listSessionProcesses(shellPid: number): Promise<ProcessSet> {
  return toProcessSet(await sessionProcesses(shellPid), shellPid);
}

export function toProcessSet(procs: readonly ProcInfo[], shellPid: number): ProcessSet {
  const groups = new Set<number>();
  const strays = new Set<number>();
  for (const p of procs) {
    if (p.pgid === shellPid) strays.add(p.pid);
    else groups.add(p.pgid);
  }
  return { groups, strays };
}

/** The terminal's foreground process group: the job the shell is waiting for (or the shell). */
export async function foregroundGroup(shellPid: number): Promise<number | undefined> {
  if (hasProc) return readStat(shellPid)?.tpgid;
  const out = Number.parseInt((await ps(["-o", "tpgid=", "-p", String(shellPid)])).trim(), 10);
  return Number.isNaN(out) ? undefined : out;
}

/** Entries of `now` that were not in `before`: what the current command started. */
export function difference(now: ProcessSet, before: ProcessSet): ProcessSet {
  return {
    groups: new Set([...now.groups].filter((g) => !before.groups.has(g))),
    strays: new Set([...now.strays].filter((p) => !before.strays.has(p))),
  };
}

function send(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // Already gone (ESRCH) or not ours (EPERM): nothing more to do for it.
  }
}

export function signalProcesses(set: ProcessSet, signal: NodeJS.Signals): void {
  for (const group of set.groups) {
    send(-group, signal);
    // A stopped job (SIGTTIN, ^Z) only acts on SIGTERM once continued.
    if (signal === "SIGTERM") send(-group, "SIGCONT");
  }
  for (const pid of set.strays) send(pid, signal);
}

export function isEmpty(set: ProcessSet): boolean {
  return set.groups.size === 0 && set.strays.size === 0;
}

function exists(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch {
    // ESRCH: gone. EPERM: another user's process holds the number now, so ours is gone too.
    return false;
  }
}

/**
 * Resolves true once every group and stray of `set` is gone, or false after `graceMs`.
 * Used between SIGTERM and SIGKILL so a prompt exit is not padded to the full grace.
 */
export async function waitUntilGone(set: ProcessSet, graceMs: number, pollMs = 5): Promise<boolean> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const alive = [...set.groups].some((g) => exists(-g)) || [...set.strays].some((p) => exists(p));
    if (!alive) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
