// One model request: stream it, forward text as it arrives, hand back the complete message.
// Accumulating the message is the SDK's job (MessageStream); this file only watches the events
// go by so attached clients see text the moment the model writes it.
import type { Message, MessageStreamParams } from "@anthropic-ai/sdk/resources/messages/messages";
import type { SessionEvent } from "@berth/protocol";
import { explainStreamFailure } from "./stream-failure.js";
import { StreamIdleWatch } from "./stream-idle.js";
import type { MessagesClient } from "./types.js";

export interface StreamOptions {
  turnId: string;
  signal: AbortSignal;
  emit: (event: SessionEvent) => void;
  /** Abandon the request after this long without data mid-stream (default 2 minutes). */
  idleTimeoutMs?: number | undefined;
}

/**
 * Resolves with the final message; rejects with whatever the client threw (an APIError subclass,
 * APIUserAbortError on interrupt). Classifying the failure is the caller's business.
 */
export async function streamMessage(
  client: MessagesClient,
  params: MessageStreamParams,
  options: StreamOptions,
): Promise<Message> {
  const { turnId, signal, emit } = options;
  const idle = new StreamIdleWatch(signal, options.idleTimeoutMs);
  const stream = client.stream(params, { signal: idle.signal });
  let messageId = "";
  try {
    for await (const event of stream) {
      idle.poke();
      if (event.type === "message_start") {
        messageId = event.message.id;
      } else if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
        emit({ type: "assistant_text_delta", turnId, messageId, index: event.index, text: event.delta.text });
      }
    }
    // The SDK's iterator can end quietly after an error it saw between two reads; finalMessage()
    // is what reports it (and a stream that ended without a message).
    return await stream.finalMessage();
  } catch (error) {
    throw explainStreamFailure(idle.explain(error));
  } finally {
    idle.stop();
  }
}
