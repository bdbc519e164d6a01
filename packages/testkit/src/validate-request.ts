// The checks the real API makes that a client is most likely to get wrong. They are worth faking:
// an agent loop that drops a tool_result after an interrupted tool call passes against a lenient
// fake and fails in production. Messages mirror the real API's wording.
import type { CapturedBody } from "./captured.js";

type Check = (body: CapturedBody) => string | undefined;

const required =
  (field: keyof CapturedBody): Check =>
  (body) =>
    body[field] === undefined ? `${String(field)}: Field required` : undefined;

const checkMaxTokens: Check = (body) => {
  const value = body.max_tokens;
  if (typeof value !== "number" || !Number.isInteger(value))
    return "max_tokens: Input should be a valid integer";
  if (value < 1) return "max_tokens: Input should be greater than or equal to 1";
  return undefined;
};

const checkModel: Check = (body) =>
  typeof body.model === "string" && body.model.length > 0
    ? undefined
    : "model: Input should be a valid string";

const checkStream: Check = (body) =>
  body.stream === undefined || typeof body.stream === "boolean"
    ? undefined
    : "stream: Input should be a valid boolean";

const checkSystem: Check = (body) =>
  body.system === undefined || typeof body.system === "string" || Array.isArray(body.system)
    ? undefined
    : "system: Input should be a valid string or a list of text blocks";

const checkTools: Check = (body) => {
  if (body.tools === undefined) return undefined;
  if (!Array.isArray(body.tools)) return "tools: Input should be a valid list";
  const names = new Set<string>();
  for (const [index, tool] of body.tools.entries()) {
    if (typeof tool?.name !== "string" || tool.name === "") return `tools.${index}.name: Field required`;
    if (names.has(tool.name)) return `tools: Tool names must be unique. Duplicate name: ${tool.name}`;
    names.add(tool.name);
  }
  return undefined;
};

const checkMessages: Check = (body) => {
  const messages = body.messages;
  if (!Array.isArray(messages)) return "messages: Input should be a valid list";
  if (messages.length === 0) return "messages: at least one message is required";
  for (const [index, message] of messages.entries()) {
    if (message?.role !== "user" && message?.role !== "assistant") {
      return `messages.${index}.role: Input should be 'user' or 'assistant'`;
    }
    if (typeof message.content !== "string" && !Array.isArray(message.content)) {
      return `messages.${index}.content: Input should be a valid string or list of content blocks`;
    }
  }
  return checkToolPairing(messages);
};

interface Block {
  type?: unknown;
  id?: unknown;
  tool_use_id?: unknown;
}

function blocksOf(message: { content: unknown }): Block[] {
  return Array.isArray(message.content) ? (message.content as Block[]) : [];
}

/** Every tool_use must be answered by a tool_result in the very next message, and vice versa. */
function checkToolPairing(messages: NonNullable<CapturedBody["messages"]>): string | undefined {
  for (const [index, message] of messages.entries()) {
    const next = messages[index + 1];
    if (message.role === "assistant" && next) {
      const answered = new Set(
        blocksOf(next).flatMap((b) => (b.type === "tool_result" ? [b.tool_use_id] : [])),
      );
      const missing = blocksOf(message)
        .filter((b) => b.type === "tool_use" && !answered.has(b.id))
        .map((b) => String(b.id));
      if (missing.length > 0) {
        return (
          `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ` +
          `${missing.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`
        );
      }
    }
    if (message.role === "user") {
      const previous = messages[index - 1];
      const offered = new Set(
        previous?.role === "assistant"
          ? blocksOf(previous).flatMap((b) => (b.type === "tool_use" ? [b.id] : []))
          : [],
      );
      for (const [blockIndex, block] of blocksOf(message).entries()) {
        if (block.type === "tool_result" && !offered.has(block.tool_use_id)) {
          return (
            `messages.${index}.content.${blockIndex}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ` +
            `${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`
          );
        }
      }
    }
  }
  return undefined;
}

const MESSAGES_CHECKS: Check[] = [
  required("model"),
  required("messages"),
  required("max_tokens"),
  checkModel,
  checkMaxTokens,
  checkStream,
  checkSystem,
  checkTools,
  checkMessages,
];

const COUNT_TOKENS_CHECKS: Check[] = [
  required("model"),
  required("messages"),
  checkModel,
  checkSystem,
  checkTools,
  checkMessages,
];

/** Returns the first problem, worded like the real API, or undefined when the body is acceptable. */
export function validateMessagesRequest(body: CapturedBody): string | undefined {
  for (const check of MESSAGES_CHECKS) {
    const problem = check(body);
    if (problem) return problem;
  }
  return undefined;
}

export function validateCountTokensRequest(body: CapturedBody): string | undefined {
  for (const check of COUNT_TOKENS_CHECKS) {
    const problem = check(body);
    if (problem) return problem;
  }
  return undefined;
}
