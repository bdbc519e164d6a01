/**
 * When a client is too slow for live events. The daemon produces events in bursts (one network
 * chunk from the model parses into hundreds of deltas in one tick), so a momentary backlog says
 * nothing about the client; a backlog that does not drain does. A client is dropped from live
 * events (it can re-attach with its last seq) when its unsent bytes stay above `softBytes` for
 * longer than `graceMs`, or at once above `hardBytes`, which bounds the daemon's memory per client.
 */
export interface BufferLimits {
  softBytes: number;
  hardBytes: number;
  graceMs: number;
}

export const DEFAULT_BUFFER_LIMITS: BufferLimits = {
  softBytes: 8 * 1024 * 1024,
  hardBytes: 64 * 1024 * 1024,
  graceMs: 5_000,
};

export class SendBudget {
  private overSince: number | undefined;

  constructor(
    private readonly limits: BufferLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a client with `buffered` unsent bytes may be sent one more event. */
  allows(buffered: number): boolean {
    if (buffered > this.limits.hardBytes) return false;
    if (buffered <= this.limits.softBytes) {
      this.overSince = undefined;
      return true;
    }
    const now = this.now();
    this.overSince ??= now;
    return now - this.overSince <= this.limits.graceMs;
  }
}
