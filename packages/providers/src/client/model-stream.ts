// A streaming model call whose failures come out as ProviderErrors. The SDK's MessageStream is
// kept (as `raw`) for callers that want its event-emitter API; iterating this wrapper or
// awaiting finalMessage() gives the same events and result with errors already mapped.
import type { MessageStream } from "@anthropic-ai/sdk/lib/MessageStream";
import type { Message, MessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";

export class ModelStream implements AsyncIterable<MessageStreamEvent> {
  readonly raw: MessageStream<unknown>;
  readonly #mapError: (error: unknown) => unknown;

  constructor(raw: MessageStream<unknown>, mapError: (error: unknown) => unknown) {
    this.raw = raw;
    this.#mapError = mapError;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<MessageStreamEvent> {
    try {
      for await (const event of this.raw) yield event;
    } catch (error) {
      throw this.#mapError(error);
    }
  }

  /** The accumulated message once the stream ends (consumes the stream if nobody iterates it). */
  async finalMessage(): Promise<Message> {
    try {
      return await this.raw.finalMessage();
    } catch (error) {
      throw this.#mapError(error);
    }
  }

  abort(): void {
    this.raw.abort();
  }
}
