// An MCP tool result → what the model reads. Text and text resources pass through; images and
// binary resources are described (the tool-result path carries text); output past
// MAX_MCP_OUTPUT_TOKENS is cut with a note telling the model so, as Claude Code does.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export const DEFAULT_MAX_OUTPUT_TOKENS = 25_000;
export const WARN_OUTPUT_TOKENS = 10_000;
/** The usual rough rule for English text and code; good enough for a limit, not for billing. */
const CHARS_PER_TOKEN = 4;

export interface ConvertedResult {
  content: string;
  isError: boolean;
  /** Shown to the user, never to the model. */
  warning?: string;
  truncated: boolean;
}

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

function blockText(block: CallToolResult["content"][number]): string {
  switch (block.type) {
    case "text":
      return block.text;
    case "image":
      return `[image ${block.mimeType}, ${Math.floor((block.data.length * 3) / 4)} bytes]`;
    case "audio":
      return `[audio ${block.mimeType}, ${Math.floor((block.data.length * 3) / 4)} bytes]`;
    case "resource": {
      const r = block.resource;
      return "text" in r ? r.text : `[resource ${r.uri}${r.mimeType ? ` (${r.mimeType})` : ""}, binary]`;
    }
    case "resource_link":
      return `[resource link ${block.uri}${block.name ? ` "${block.name}"` : ""}]`;
    default:
      return "[content of an unknown type]";
  }
}

export function convertResult(result: CallToolResult, maxTokens: number): ConvertedResult {
  const parts = (result.content ?? []).map(blockText);
  if (parts.length === 0 && result.structuredContent !== undefined)
    parts.push(JSON.stringify(result.structuredContent));
  let content = parts.join("\n");
  const tokens = estimateTokens(content);
  let warning: string | undefined;
  let truncated = false;
  if (tokens > maxTokens) {
    content =
      content.slice(0, maxTokens * CHARS_PER_TOKEN) +
      `\n\n[Output truncated: the tool returned about ${tokens} tokens, more than the limit of ${maxTokens} (MAX_MCP_OUTPUT_TOKENS). Ask for less, e.g. with paging or a narrower query.]`;
    truncated = true;
    warning = `MCP tool output of about ${tokens} tokens was cut to ${maxTokens} tokens`;
  } else if (tokens > WARN_OUTPUT_TOKENS) {
    warning = `Large MCP tool output: about ${tokens} tokens`;
  }
  return { content, isError: result.isError === true, truncated, ...(warning ? { warning } : {}) };
}
