import type { DaemonNotice } from "@berth/protocol";

/** Notices kept for the next client when none is connected; the oldest go first past this. */
const MAX_PENDING = 20;

/**
 * Daemon-wide notices (a retention sweep removed sessions, a setting was rejected). Sent at once
 * to every connected client as `daemon/notice`; when no client is connected, kept and handed to
 * the next one in its `initialize` result, so the user sees each notice at least once.
 */
export class NoticeBoard {
  private pending: DaemonNotice[] = [];

  /** `broadcast` sends to every initialized client and returns how many it reached. */
  constructor(private readonly broadcast: (notice: DaemonNotice) => number) {}

  publish(notice: DaemonNotice): void {
    if (this.broadcast(notice) > 0) return;
    this.pending.push(notice);
    if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
  }

  /** The undelivered notices, handed over once. */
  take(): DaemonNotice[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
