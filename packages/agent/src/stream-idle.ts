import { AgentError } from "./errors.js";

/** Real streams send an event (or a `ping`) every few seconds; minutes of silence is a dead connection. */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 120_000;

/**
 * Aborts a model stream that stops sending. The SDK's request timeout ends once the response
 * headers arrive, so a connection that goes quiet mid-body would otherwise hang the turn forever.
 * The watch starts at the first event: before that the SDK may be waiting out a retry-after.
 */
export class StreamIdleWatch {
  readonly #controller = new AbortController();
  readonly #timeoutMs: number;
  readonly #unlink: () => void;
  #timer: NodeJS.Timeout | undefined;
  #fired = false;

  constructor(turnSignal: AbortSignal, timeoutMs = DEFAULT_STREAM_IDLE_TIMEOUT_MS) {
    this.#timeoutMs = timeoutMs;
    const forward = () => this.#controller.abort(turnSignal.reason);
    if (turnSignal.aborted) forward();
    turnSignal.addEventListener("abort", forward, { once: true });
    this.#unlink = () => turnSignal.removeEventListener("abort", forward);
  }

  /** What the request listens to: the turn's interrupt, or silence. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Data arrived: the clock starts again. */
  poke(): void {
    // Every streamed event pokes: restarting the one timer costs far less than a new one each time.
    if (this.#timer) {
      this.#timer.refresh();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#fired = true;
      this.#controller.abort();
    }, this.#timeoutMs);
  }

  /** The error to report instead of the abort the watch caused, if it did. */
  explain(error: unknown): unknown {
    if (!this.#fired) return error;
    const seconds = this.#timeoutMs / 1000;
    return new AgentError(
      "stream_stalled",
      `The model stopped sending for ${seconds} s mid-answer, so the request was abandoned. ` +
        "Send your message again; if this keeps happening, check the network or proxy to the API.",
      { cause: error },
    );
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#unlink();
  }
}
