// The running totals of one turn and the three ways it can end. Kept apart from the loop so each
// ending reports the same numbers in its event and in the returned outcome.
import type { Message } from "@anthropic-ai/sdk/resources/messages/messages";
import type { SessionEvent, Usage } from "@berth/protocol";
import { textOf } from "./history.js";
import type { PermissionDenial, TurnError, TurnOutcome } from "./types.js";
import { addUsage, emptyUsage } from "./usage.js";

export class TurnState {
  usage: Usage = emptyUsage();
  costUsd = 0;
  numRequests = 0;
  durationApiMs = 0;
  readonly denials: PermissionDenial[] = [];
  lastMessage: Message | undefined;

  constructor(
    readonly turnId: string,
    private readonly emit: (event: SessionEvent) => void,
    private readonly now: () => number,
    private readonly startedAt: number = now(),
  ) {}

  addRequest(usage: Usage, costUsd: number): void {
    this.usage = addUsage(this.usage, usage);
    this.costUsd += costUsd;
  }

  completed(stopReason: string): TurnOutcome {
    const outcome = this.#outcome("completed", stopReason);
    this.emit({
      type: "turn_completed",
      turnId: this.turnId,
      stopReason,
      numRequests: outcome.numRequests,
      usage: outcome.usage,
      costUsd: outcome.costUsd,
      durationMs: outcome.durationMs,
      durationApiMs: outcome.durationApiMs,
      result: outcome.result,
      permissionDenials: outcome.permissionDenials,
    });
    return outcome;
  }

  interrupted(reason: string): TurnOutcome {
    this.emit({ type: "turn_interrupted", turnId: this.turnId, reason });
    return this.#outcome("interrupted", "interrupted");
  }

  failed(error: TurnError): TurnOutcome {
    this.emit({ type: "turn_failed", turnId: this.turnId, error });
    return { ...this.#outcome("failed", "error"), error };
  }

  #outcome(status: TurnOutcome["status"], stopReason: string): TurnOutcome {
    return {
      status,
      result: textOf(this.lastMessage),
      stopReason,
      usage: this.usage,
      costUsd: this.costUsd,
      numRequests: this.numRequests,
      durationMs: Math.max(0, this.now() - this.startedAt),
      durationApiMs: this.durationApiMs,
      permissionDenials: [...this.denials],
    };
  }
}

/** The outcome of a turn that never started (another one is running): no events, no totals. */
export function rejectedTurn(error: TurnError): TurnOutcome {
  return {
    status: "failed",
    result: "",
    stopReason: "error",
    usage: emptyUsage(),
    costUsd: 0,
    numRequests: 0,
    durationMs: 0,
    durationApiMs: 0,
    permissionDenials: [],
    error,
  };
}
