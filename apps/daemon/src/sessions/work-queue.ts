// A session's queue: user turns and conversation maintenance (`/compact`, `/clear`) run one at a
// time, in the order they were asked for. What running one means is the session's business.

/** What a session's queue holds: user turns, and conversation maintenance between them. */
export type QueuedWork =
  | { kind: "turn"; text: string; turnId: string }
  | { kind: "compact"; instructions?: string }
  | { kind: "clear" };

export interface WorkRunner {
  /** Runs one item to its end. */
  run(work: QueuedWork): Promise<void>;
  /** Before each item. */
  starting(): void;
  /** An item threw (a turn never does; the store can); the next item runs regardless. */
  crashed(error: unknown): void;
  /** The queue ran dry; nothing is running any more. */
  idle(): void;
}

export class WorkQueue {
  private readonly items: QueuedWork[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly runner: WorkRunner) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  push(work: QueuedWork): void {
    this.items.push(work);
    if (!this.running) this.running = this.drain();
  }

  /** Drops what has not started; returns whether something is running. */
  clear(): boolean {
    this.items.length = 0;
    return this.running !== undefined;
  }

  /** Resolves when nothing is running (work queued meanwhile included). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      for (let next = this.items.shift(); next; next = this.items.shift()) {
        try {
          this.runner.starting();
          await this.runner.run(next);
        } catch (error) {
          // Reported, and the queue goes on: what was asked after it still runs.
          this.runner.crashed(error);
        }
      }
    } finally {
      this.running = undefined;
      this.runner.idle();
    }
  }
}
