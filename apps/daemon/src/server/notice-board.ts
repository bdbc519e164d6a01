import type { DaemonNotice, RetentionIntent } from "@berth/protocol";

/** Notices kept for the next client when none is connected; the oldest go first past this. */
const MAX_PENDING = 20;

/** Where durable notices wait for a client that will surely show them (survives restarts). */
export interface DurableNotices {
  addNotice(notice: DaemonNotice): void;
  takeNotices(): DaemonNotice[];
}

/**
 * Sends a notice to every initialized client and returns how many of them count as having
 * shown it: for a durable notice only long-lived interactive clients count, since a short
 * command may exit before it prints what arrives while it runs.
 */
export type Broadcast = (notice: DaemonNotice, durable: boolean) => number;

/**
 * Daemon-wide notices (a retention sweep removed sessions, a setting was rejected). Sent at once
 * to every connected client as `daemon/notice`; when no client is connected, kept and handed to
 * the next one in its `initialize` result, so the user sees each notice at least once. Durable
 * notices (what a sweep deleted) are kept on disk until a session client (interactive or print)
 * has been handed them: a dry run never consumes them, and a daemon restart never loses them.
 */
export class NoticeBoard {
  private pending: DaemonNotice[] = [];

  constructor(
    private readonly broadcast: Broadcast,
    private readonly durable?: DurableNotices,
  ) {}

  publish(notice: DaemonNotice, options: { durable?: boolean } = {}): void {
    const durable = Boolean(options.durable && this.durable);
    if (this.broadcast(notice, durable) > 0) return;
    if (durable) {
      this.durable?.addNotice(notice);
      return;
    }
    this.pending.push(notice);
    if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
  }

  /** The undelivered notices, handed over once; durable ones only to clients that show them. */
  take(intent: RetentionIntent = "sweep"): DaemonNotice[] {
    const stored = intent === "defer" ? [] : (this.durable?.takeNotices() ?? []);
    const out = [...stored, ...this.pending];
    this.pending = [];
    return out;
  }
}
