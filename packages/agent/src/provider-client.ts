// Adapts a @berth/providers ModelClient (whose streaming call is `messagesStream`, with failures
// already mapped to ProviderErrors) to the loop's MessagesClient. Structural, so the loop does not
// care which provider (Anthropic, Bedrock, Vertex, a gateway) is behind it.
import type { MessageStreamParams } from "@anthropic-ai/sdk/resources/messages/messages";
import type { MessagesClient, MessageStreamLike } from "./types.js";

export interface StreamingModelClient {
  messagesStream(params: MessageStreamParams, options?: { signal?: AbortSignal }): MessageStreamLike;
}

export function messagesClientFrom(client: StreamingModelClient): MessagesClient {
  return { stream: (params, options) => client.messagesStream(params, options) };
}
