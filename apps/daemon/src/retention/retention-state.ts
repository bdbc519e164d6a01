import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DaemonNotice } from "@berth/protocol";
import { z } from "zod";

/**
 * What retention must remember across daemon restarts: the period the last sweep used (so a
 * lowered cleanupPeriodDays can be noticed and confirmed) and the sweep notices no session client
 * has been handed yet (so a user learns what was deleted even when the daemon stopped first).
 */
const RetentionStateFile = z.object({
  version: z.literal(1),
  lastSweptDays: z.number().int().positive().nullable().default(null),
  pendingNotices: z.array(DaemonNotice()).max(50).default([]),
});
export type RetentionStateData = z.infer<typeof RetentionStateFile>;

const EMPTY: RetentionStateData = { version: 1, lastSweptDays: null, pendingNotices: [] };

export class RetentionState {
  private data: RetentionStateData;
  readonly path: string;

  constructor(
    berthHome: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.path = join(berthHome, "retention-state.json");
    this.data = this.read();
  }

  get lastSweptDays(): number | null {
    return this.data.lastSweptDays;
  }

  get pendingNotices(): readonly DaemonNotice[] {
    return this.data.pendingNotices;
  }

  recordSweep(days: number): void {
    this.update({ ...this.data, lastSweptDays: days });
  }

  addNotice(notice: DaemonNotice): void {
    this.update({ ...this.data, pendingNotices: [...this.data.pendingNotices, notice].slice(-50) });
  }

  /** Hands over the stored notices once. */
  takeNotices(): DaemonNotice[] {
    const out = this.data.pendingNotices;
    if (out.length > 0) this.update({ ...this.data, pendingNotices: [] });
    return out;
  }

  private read(): RetentionStateData {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch {
      return { ...EMPTY };
    }
    try {
      return RetentionStateFile.parse(JSON.parse(text));
    } catch (error) {
      // A damaged state file only costs a confirmation question; never fatal.
      this.onError(error);
      return { ...EMPTY };
    }
  }

  private update(next: RetentionStateData): void {
    this.data = next;
    try {
      const tmp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(next)}\n`, { mode: 0o600 });
      renameSync(tmp, this.path);
    } catch (error) {
      // A read-only or full home keeps the state in memory for this daemon's lifetime.
      this.onError(error);
    }
  }
}
