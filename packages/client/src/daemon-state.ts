import { readFileSync } from "node:fs";
import { createConnection } from "node:net";
import { berthPaths, type LockRecord, parseLockRecord, parseProcStat } from "@berth/protocol";
import { assertOwnSocket } from "./socket-owner";

/** What became of the process a lock record names. */
export type OwnerProcess = "running" | "zombie" | "gone" | "reused";

export interface DaemonState {
  socket: "accepting" | "refusing" | "missing" | "unsafe";
  record: LockRecord | undefined;
  owner: { pid: number; process: OwnerProcess } | undefined;
  /** Something was left behind (a lock record, a socket): worth telling the user about. */
  odd: boolean;
  /** One or two sentences for a person: what was found and what happens next. */
  explanation: string;
}

/**
 * Inspects a home whose daemon did not answer, for `berth daemon status` and start errors.
 * Diagnosis only: whether a daemon is alive is decided by its socket and its kernel lock.
 */
export async function inspectDaemon(home: string): Promise<DaemonState> {
  const paths = berthPaths(home);
  const socket = await probeSocket(paths.socket);
  let record: LockRecord | undefined;
  try {
    record = parseLockRecord(readFileSync(paths.lock, "utf8"));
  } catch {
    record = undefined;
  }
  const pid = record?.kind === "owner" ? record.owner.pid : record?.pid;
  const expectedStart = record?.kind === "owner" ? record.owner.processStart : undefined;
  const owner = pid !== undefined ? { pid, process: processState(pid, expectedStart) } : undefined;
  const odd = record !== undefined || socket !== "missing";
  return { socket, record, owner, odd, explanation: explain(socket, record, owner) };
}

/** A zombie still answers kill(pid, 0), so /proc is read where there is one. */
export function processState(pid: number, expectedStart?: number): OwnerProcess {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return signalable(pid) ? "running" : "gone";
  }
  const parsed = parseProcStat(stat);
  if (parsed?.state === "Z") return "zombie";
  if (expectedStart !== undefined && parsed && parsed.startTicks !== expectedStart) return "reused";
  return "running";
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function probeSocket(socketPath: string): Promise<DaemonState["socket"]> {
  try {
    assertOwnSocket(socketPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return Promise.resolve(code === "ENOENT" ? "missing" : "unsafe");
  }
  return new Promise((resolve) => {
    const probe = createConnection({ path: socketPath });
    const done = (state: DaemonState["socket"]) => {
      probe.destroy();
      resolve(state);
    };
    probe.once("connect", () => done("accepting"));
    probe.once("error", () => done("refusing"));
    probe.setTimeout(2000, () => done("refusing"));
  });
}

function explain(
  socket: DaemonState["socket"],
  record: LockRecord | undefined,
  owner: DaemonState["owner"],
): string {
  if (socket === "unsafe")
    return "The daemon socket is not private to this user; Berth will not use it (see `berth doctor`).";
  if (socket === "accepting") {
    return "A daemon accepts connections on the socket but did not complete the handshake: it may be busy, or of another Berth version.";
  }
  const next = "The next berth command starts a new daemon.";
  if (!record) return `No daemon is running and no lock record is left. ${next}`;
  if (record.kind === "unknown") {
    return `The lock record was written by another Berth version or is damaged (${record.detail}); no daemon answers on the socket. ${next}`;
  }
  const pid = owner!.pid;
  const older = record.kind === "legacy" ? " (an older Berth version)" : "";
  switch (owner!.process) {
    case "zombie":
      return `The last daemon${older}, pid ${pid}, was killed and is a zombie nothing has reaped; it holds no lock. ${next}`;
    case "gone":
      return `The last daemon${older}, pid ${pid}, ended without cleaning up (killed or crashed). ${next}`;
    case "reused":
      return `Pid ${pid} in the lock record now belongs to another program; the daemon that wrote it is gone. ${next}`;
    case "running":
      return `Pid ${pid} from the lock record${older} is running but not serving the socket: a daemon still starting, hung, or the pid was reused. If it persists, see \`berth daemon logs\`.`;
  }
}
