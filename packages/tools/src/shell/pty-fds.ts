// Which of the daemon's descriptors are pty masters, and whether they stay out of the processes
// it starts. node-pty 1.1.0 returns each master inheritable; Berth's patch (patches/, see the
// package README) makes it close-on-exec. These checks keep an unpatched install safe for the
// shells and prove it for every shell at start.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

const O_CLOEXEC = 0o2000000;

/**
 * Whether `fd` in this process is close-on-exec: Linux's /proc/self/fdinfo shows it in the
 * `flags:` line (octal). Undefined where that cannot be read (another platform).
 */
export function isCloseOnExec(fd: number): boolean | undefined {
  try {
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, "utf8"));
    return flags?.[1] ? (Number.parseInt(flags[1], 8) & O_CLOEXEC) !== 0 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The masters a shell just started from this process inherited: every other master this
 * process holds that is not close-on-exec. With Berth's patched node-pty there are none (and
 * its child closes every inherited descriptor anyway); with an unpatched one it is every other
 * session's terminal; a master this process itself inherited would count too. The shell closes
 * them first thing: they are open in it, so no descriptor of its own can have their numbers.
 */
export function inheritedMasters(ownMaster: number | undefined): number[] {
  const found = masterFds(process.pid).filter((fd) => fd !== ownMaster && isCloseOnExec(fd) === false);
  if (ownMaster !== undefined && isCloseOnExec(ownMaster) === false && !warned) {
    warned = true;
    process.emitWarning(
      "node-pty leaves pty masters inheritable (not Berth's patched build): each new shell closes the other sessions' masters, but other child processes may inherit them",
      { code: "BERTH_PTY_INHERITABLE" },
    );
  }
  return found;
}

let warned = false;

/** The descriptors of process `pid` that are pty masters ([] where /proc cannot tell). */
export function masterFds(pid: number): number[] {
  let names: string[];
  try {
    names = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const name of names) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${name}`);
      if (target === "/dev/ptmx" || target === "/dev/pts/ptmx") found.push(Number(name));
    } catch {
      // closed while we looked
    }
  }
  return found;
}
