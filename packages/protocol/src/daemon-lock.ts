import { join } from "node:path";
import { z } from "zod";
import type { BerthPaths } from "./paths";

/*
 * The daemon's lock, shared by the daemon (writer) and clients (readers, for diagnosis).
 *
 * Liveness never comes from a pid: the daemon holds an exclusive SQLite lock on the liveness
 * database for its whole life, and the kernel drops it with the daemon's file descriptors, even
 * when the dead process lingers as a zombie. `daemon.lock` is only a record of who took that lock,
 * so that `berth daemon status` can explain an odd state (a zombie, a reused pid, an older Berth).
 */

/** Bumped when the owner record changes shape; a record of another format is reported, not trusted. */
export const DAEMON_LOCK_FORMAT = 2;

export const DaemonLockOwner = z.object({
  format: z.literal(DAEMON_LOCK_FORMAT),
  pid: z.number().int().positive(),
  version: z.string(),
  /** Wall-clock ms when the daemon took the lock. */
  startedAt: z.number(),
  /** Kernel start time of the process (Linux /proc clock ticks): tells a reused pid apart. */
  processStart: z.number().int().nonnegative().optional(),
});
export type DaemonLockOwner = z.infer<typeof DaemonLockOwner>;

export type LockRecord =
  | { kind: "owner"; owner: DaemonLockOwner }
  /** A bare pid: written by Berth before format 2. */
  | { kind: "legacy"; pid: number }
  /** Anything else: a newer Berth, or a damaged file. */
  | { kind: "unknown"; pid: number | undefined; detail: string };

/** The SQLite file whose exclusive lock is the daemon's liveness. Never deleted, so never raced. */
export function livenessLockPath(paths: BerthPaths): string {
  return join(paths.runDir, "daemon-liveness.db");
}

/**
 * The first line stays the bare pid: a daemon of an older Berth, which reads only that line and
 * probes the pid, then refuses to start beside a running daemon of this version.
 */
export function formatLockRecord(owner: DaemonLockOwner): string {
  return `${owner.pid}\n${JSON.stringify(owner)}\n`;
}

export function parseLockRecord(text: string): LockRecord {
  const [first = "", second] = text.split("\n");
  const pid = /^\d+$/.test(first.trim()) ? Number(first.trim()) : undefined;
  if (second?.trim()) {
    let json: unknown;
    try {
      json = JSON.parse(second);
    } catch {
      return { kind: "unknown", pid, detail: "its owner record is not JSON" };
    }
    const owner = DaemonLockOwner.safeParse(json);
    if (owner.success) return { kind: "owner", owner: owner.data };
    const format = (json as { format?: unknown } | null)?.format;
    return {
      kind: "unknown",
      pid,
      detail: `owner record format ${String(format)} (this Berth writes ${DAEMON_LOCK_FORMAT})`,
    };
  }
  if (pid !== undefined && pid > 0) return { kind: "legacy", pid };
  return { kind: "unknown", pid: undefined, detail: "it holds no pid" };
}

export interface ProcStat {
  /** R, S, D, Z (zombie), T, ... */
  state: string;
  startTicks: number;
}

/** Parses /proc/<pid>/stat. The command name may hold spaces and parentheses: split after the last ')'. */
export function parseProcStat(text: string): ProcStat | undefined {
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const state = fields[0];
  const startTicks = Number(fields[19]);
  if (!state || !Number.isInteger(startTicks)) return undefined;
  return { state, startTicks };
}
