// Where the next reply comes from: queued turns first (the script, then anything enqueued), then
// the responder, and a loud failure when neither has anything left.
import type { CapturedRequest } from "./captured.js";
import { parseTurn, type ScriptTurn } from "./schemas.js";

/**
 * Dynamic script: called for each Messages request once the queue is empty. `index` counts the
 * turns served before this one (0-based, queue and responder together). Returning `undefined`
 * means "no more turns" and the request fails as "script exhausted".
 */
export type Responder = (
  request: CapturedRequest,
  index: number,
) => ScriptTurn | undefined | Promise<ScriptTurn | undefined>;

export type NextTurn = { kind: "turn"; turn: ScriptTurn } | { kind: "failure"; message: string };

export class TurnSource {
  readonly #queue: ScriptTurn[] = [];
  readonly #responder: Responder | undefined;
  #served = 0;

  constructor(script: readonly unknown[] = [], responder?: Responder) {
    this.enqueue(script, "script");
    this.#responder = responder;
  }

  /** Validates now, so a bad turn fails at the line that enqueued it rather than mid-test. */
  enqueue(turns: readonly unknown[], label = "enqueue"): void {
    const parsed = turns.map((turn, index) => parseTurn(turn, `${label}[${index}]`));
    this.#queue.push(...parsed);
  }

  get remaining(): number {
    return this.#queue.length;
  }

  get served(): number {
    return this.#served;
  }

  async next(request: CapturedRequest): Promise<NextTurn> {
    const index = this.#served;
    const queued = this.#queue.shift();
    if (queued) {
      this.#served++;
      return { kind: "turn", turn: queued };
    }
    if (!this.#responder) return this.#exhausted();
    let produced: ScriptTurn | undefined;
    try {
      produced = await this.#responder(request, index);
    } catch (error) {
      return { kind: "failure", message: `responder threw: ${describe(error)}` };
    }
    if (produced === undefined) return this.#exhausted();
    try {
      const turn = parseTurn(produced, `responder turn ${index}`);
      this.#served++;
      return { kind: "turn", turn };
    } catch (error) {
      return { kind: "failure", message: describe(error) };
    }
  }

  #exhausted(): NextTurn {
    return { kind: "failure", message: `script exhausted after ${this.#served} turns` };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
