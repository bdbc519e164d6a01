// One Messages API request body from the session's state. Pure: the same state always gives the
// same body, which is what lets tests assert on what the fake API captured.
import type {
  ContentBlockParam,
  MessageParam,
  MessageStreamParams,
  TextBlockParam,
  Tool,
} from "@anthropic-ai/sdk/resources/messages/messages";
import type { AnyTool } from "./types.js";

export const DEFAULT_MAX_TOKENS = 16_384;

export interface RequestState {
  model: string;
  maxTokens: number;
  systemPrompt: string | readonly string[] | undefined;
  tools: readonly AnyTool[];
  messages: readonly MessageParam[];
}

// Prompt caching: one breakpoint at the end of the system prompt caches tools + system (they come
// first in the prompt), and one on the newest message caches the conversation so far, so each
// request of an agentic turn pays full price only for what the previous one added.
const EPHEMERAL = { type: "ephemeral" } as const;
const CACHEABLE = new Set(["text", "image", "document", "tool_use", "tool_result", "search_result"]);

export function buildRequest(state: RequestState): MessageStreamParams {
  const params: MessageStreamParams = {
    model: state.model,
    max_tokens: state.maxTokens,
    messages: withCacheBreakpoint(state.messages),
  };
  const system = systemBlocks(state.systemPrompt);
  if (system.length > 0) params.system = system;
  if (state.tools.length > 0) params.tools = state.tools.map(toolParam);
  return params;
}

export function toolParam(tool: AnyTool): Tool {
  return {
    name: tool.name,
    description: tool.description,
    input_schema: tool.jsonSchema as Tool.InputSchema,
  };
}

function systemBlocks(prompt: string | readonly string[] | undefined): TextBlockParam[] {
  const parts = (typeof prompt === "string" ? [prompt] : (prompt ?? [])).filter((part) => part.length > 0);
  return parts.map((text, index) =>
    index === parts.length - 1 ? { type: "text", text, cache_control: EPHEMERAL } : { type: "text", text },
  );
}

/** Copies (never mutates) the last message with a cache breakpoint on its last cacheable block. */
function withCacheBreakpoint(messages: readonly MessageParam[]): MessageParam[] {
  const copy = [...messages];
  const last = copy.at(-1);
  if (!last) return copy;
  const content: ContentBlockParam[] =
    typeof last.content === "string" ? [{ type: "text", text: last.content }] : [...last.content];
  const tail = content.at(-1);
  if (!tail || !CACHEABLE.has(tail.type)) return copy;
  content[content.length - 1] = { ...tail, cache_control: EPHEMERAL } as ContentBlockParam;
  copy[copy.length - 1] = { ...last, content } as MessageParam;
  return copy;
}
