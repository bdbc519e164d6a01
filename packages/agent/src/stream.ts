// One model request: stream it, forward text as it arrives, hand back the complete message.
// Accumulating the message is the SDK's job (MessageStream); this file only watches the events
// go by so attached clients see text the moment the model writes it.
import type { Message, MessageStreamParams } from "@anthropic-ai/sdk/resources/messages/messages";
import type { SessionEvent } from "@berth/protocol";
import type { MessagesClient } from "./types.js";

export interface StreamOptions {
  turnId: string;
  signal: AbortSignal;
  emit: (event: SessionEvent) => void;
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
  const stream = client.stream(params, { signal });
  let messageId = "";
  for await (const event of stream) {
    if (event.type === "message_start") {
      messageId = event.message.id;
    } else if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
      emit({ type: "assistant_text_delta", turnId, messageId, index: event.index, text: event.delta.text });
    }
  }
  // The SDK's iterator can end quietly after an error it saw between two reads; finalMessage()
  // is what reports it (and a stream that ended without a message).
  return stream.finalMessage();
}
