// What the fake records about each request, and small readers over it. Tests assert on what the
// SDK actually sent (system prompt, tools, tool_result content), and dynamic responders decide
// their reply from it.

export interface CapturedMessage {
  role: string;
  content: string | Array<{ type: string; [key: string]: unknown }>;
}

/** The parsed JSON body, loosely typed: it is whatever the client sent, valid or not. */
export interface CapturedBody {
  model?: string;
  max_tokens?: number;
  stream?: boolean;
  system?: string | Array<{ type: string; text?: string; [key: string]: unknown }>;
  messages?: CapturedMessage[];
  tools?: Array<{ name: string; description?: string; input_schema?: unknown; [key: string]: unknown }>;
  tool_choice?: unknown;
  metadata?: unknown;
  [key: string]: unknown;
}

export interface CapturedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/messages`. */
  path: string;
  /** The raw query string without `?` (the SDK adds `beta=true` for beta endpoints). */
  query: string;
  /** Header names lowercased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON body; `undefined` when there was no body or it was not JSON. */
  body: CapturedBody | undefined;
  rawBody: string;
  /** The `request-id` the fake answered with. */
  requestId: string;
  receivedAt: number;
}

export interface ToolResultView {
  toolUseId: string;
  isError: boolean;
  /** The result's text: a string content as is, text blocks joined with "\n". */
  text: string;
  content: unknown;
}

function lastUserMessage(request: CapturedRequest): CapturedMessage | undefined {
  return request.body?.messages?.findLast((message) => message.role === "user");
}

/** Text of the last user message (text blocks joined), or "" when it only holds tool results. */
export function lastUserText(request: CapturedRequest): string {
  const message = lastUserMessage(request);
  if (!message) return "";
  if (typeof message.content === "string") return message.content;
  return message.content
    .filter((block) => block.type === "text" && typeof block.text === "string")
    .map((block) => block.text as string)
    .join("\n");
}

/** All tool_result blocks of the last user message, in order. */
export function toolResults(request: CapturedRequest): ToolResultView[] {
  const message = lastUserMessage(request);
  if (!message || typeof message.content === "string") return [];
  return message.content
    .filter((block) => block.type === "tool_result")
    .map((block) => ({
      toolUseId: String(block.tool_use_id),
      isError: block.is_error === true,
      text: resultText(block.content),
      content: block.content,
    }));
}

/** The last tool_result of the last user message, if any. */
export function lastToolResult(request: CapturedRequest): ToolResultView | undefined {
  return toolResults(request).at(-1);
}

function resultText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter((block): block is { type: "text"; text: string } => block?.type === "text")
    .map((block) => block.text)
    .join("\n");
}

/** The system prompt as one string, whether sent as a string or as text blocks. */
export function systemText(request: CapturedRequest): string {
  const system = request.body?.system;
  if (system === undefined) return "";
  if (typeof system === "string") return system;
  return system.map((block) => block.text ?? "").join("\n");
}
