// The conversation as the API sees it. Two invariants matter more than anything else here:
// every message that joins the history is reported once (for persistence), and an assistant
// message with tool_use blocks is always followed by a user message answering every one of them;
// the API rejects the next request otherwise, so a session with a dangling call is a dead session.
import type {
  ContentBlock,
  ContentBlockParam,
  Message,
  MessageParam,
  ToolResultBlockParam,
} from "@anthropic-ai/sdk/resources/messages/messages";

export class ConversationHistory {
  #messages: MessageParam[];
  readonly #onMessage: ((message: MessageParam) => void) | undefined;
  /** Messages reported for persistence so far: the stored index of the next one. */
  #stored: number;

  constructor(
    initial: readonly MessageParam[] = [],
    onMessage?: (message: MessageParam) => void,
    storedCount = initial.length,
  ) {
    // A copy: the caller's array (a stored transcript, a forked session) must not change under it.
    this.#messages = [...initial];
    this.#onMessage = onMessage;
    this.#stored = storedCount;
  }

  get messages(): readonly MessageParam[] {
    return this.#messages;
  }

  get storedCount(): number {
    return this.#stored;
  }

  append(message: MessageParam): void {
    this.#messages.push(message);
    this.#stored++;
    this.#onMessage?.(message);
  }

  /**
   * What the model sees from now on (after compaction or `/clear`). Nothing is reported: the
   * stored transcript keeps every message, and the `compaction` event says where this continues.
   */
  replace(messages: readonly MessageParam[]): void {
    this.#messages = [...messages];
  }

  /**
   * Ids of tool_use blocks in the last message that no tool_result answers yet: non-empty only
   * when the history ends with an assistant message asking for tools.
   */
  unansweredToolUses(): string[] {
    const last = this.#messages.at(-1);
    if (last?.role !== "assistant" || typeof last.content === "string") return [];
    return last.content.flatMap((block) => (block.type === "tool_use" ? [block.id] : []));
  }

  /**
   * Closes a dangling tool call by answering each unanswered id with an error result, so the
   * next request is well-formed. Returns the ids it answered.
   */
  closeDanglingToolUses(reason: string): string[] {
    const ids = this.unansweredToolUses();
    if (ids.length > 0) this.append(toolResultMessage(ids.map((id) => errorResult(id, reason))));
    return ids;
  }
}

export function userTextMessage(text: string): MessageParam {
  return { role: "user", content: [{ type: "text", text }] };
}

export function toolResultMessage(results: ToolResultBlockParam[]): MessageParam {
  return { role: "user", content: results };
}

export function errorResult(toolUseId: string, content: string): ToolResultBlockParam {
  return { type: "tool_result", tool_use_id: toolUseId, content, is_error: true };
}

/** The assistant's reply as it must be sent back: response blocks turned into request params. */
export function assistantMessage(message: Message): MessageParam {
  return { role: "assistant", content: message.content.map(toParam) };
}

function toParam(block: ContentBlock): ContentBlockParam {
  switch (block.type) {
    case "text":
      // Responses carry `citations: null`; only real citations are worth sending back.
      return block.citations?.length
        ? { type: "text", text: block.text, citations: block.citations as never }
        : { type: "text", text: block.text };
    case "thinking":
      // The signature must come back unchanged or the API rejects the thinking block.
      return { type: "thinking", thinking: block.thinking, signature: block.signature };
    case "redacted_thinking":
      return { type: "redacted_thinking", data: block.data };
    case "tool_use":
      return { type: "tool_use", id: block.id, name: block.name, input: block.input };
    default:
      // Server-side tool blocks and anything newer: the API accepts its own output back as is.
      return block as unknown as ContentBlockParam;
  }
}

/** The text of an assistant message, text blocks joined. */
export function textOf(message: Message | undefined): string {
  if (!message) return "";
  return message.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("");
}
