// Process groups of running stdio MCP servers and hook commands (keys `hook:<pgid>`), written to
// <home>/run/mcp-groups.json as they change (the name predates hooks; kept so a newer daemon still
// reaps what an older one left). A daemon killed with SIGKILL cannot stop its servers or hooks; the
// next daemon reads this file at start and kills every recorded group whose leader is still the
// process we started (same start time), so none outlives its daemon for long and no unrelated
// process is touched.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { Logger } from "../lifecycle/logger";

const RegistryFile = z.record(
  z.string(),
  z.object({ pgid: z.number().int().positive(), startTime: z.string().nullable() }),
);
type Entries = z.infer<typeof RegistryFile>;

/**
 * The signalling helper lives in @berth/tools, whose barrel builds every tool's schema at import:
 * an idle daemon (no leftovers, no servers) never loads it.
 */
const processTools = () => import("@berth/tools");

/**
 * When a process started (field 22 of /proc/<pid>/stat, clock ticks since boot), read at once:
 * undefined where it is gone or there is no /proc. Synchronous on purpose, see record().
 */
export function processStartTime(pid: number): string | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is parenthesised and may hold spaces or ")"; starttime is the 20th field after it.
    return text.slice(text.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

export class GroupRegistry {
  private entries: Entries = {};

  constructor(
    private readonly runDir: string,
    private readonly logger: Logger,
  ) {}

  private get file(): string {
    return join(this.runDir, "mcp-groups.json");
  }

  /** Kills what a previous daemon left running; call once at start, before any server starts. */
  async reapLeftovers(): Promise<number> {
    let previous: Entries;
    try {
      previous = RegistryFile.parse(JSON.parse(readFileSync(this.file, "utf8")));
    } catch {
      return 0; // No file (clean stop) or unreadable: nothing we can safely act on.
    }
    let killed = 0;
    for (const { pgid, startTime } of Object.values(previous)) {
      const now = processStartTime(pgid);
      if (now === undefined || (startTime !== null && now !== startTime)) continue;
      const { signalProcesses } = await processTools();
      signalProcesses({ groups: new Set([pgid]), strays: new Set() }, "SIGKILL");
      killed++;
    }
    if (killed) this.logger.warn({ killed }, "killed MCP servers left running by a previous daemon");
    this.persist();
    return killed;
  }

  /**
   * Records (or, with undefined, forgets) the group of one running server or hook. The file is
   * written before this returns, in the same turn as the spawn that reports the group: a daemon
   * killed a moment after starting a process (it cannot be sooner than its next await) has it on
   * record, where an asynchronous write left a window in which a kill -9 orphaned it.
   */
  record(key: string, pgid: number | undefined): void {
    if (pgid === undefined) delete this.entries[key];
    else {
      const startTime = processStartTime(pgid) ?? null;
      // Already gone (a quick hook): nothing to reap, and a record without a start time would
      // let the next daemon signal whatever group reuses the id. Without /proc (macOS) there is
      // never a start time, so the group is recorded as before.
      if (startTime === null && process.platform === "linux") return;
      this.entries[key] = { pgid, startTime };
    }
    this.persist();
  }

  private persist(): void {
    try {
      const tmp = `${this.file}.tmp`;
      writeFileSync(tmp, JSON.stringify(this.entries), { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch (error) {
      this.logger.error({ err: error }, "could not write the MCP process-group registry");
    }
  }
}
