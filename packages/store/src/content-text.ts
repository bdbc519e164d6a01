// Plain text extracted from Anthropic content blocks, for the full-text index and for a
// session's first prompt. Prose (text blocks) is indexed in full; tool inputs and results only
// in part: they can be whole files, and indexing them would bloat the index without making
// "find the conversation where I asked about X" any better.
import type { ContentBlock, MessageContentInput } from "./types.js";

/** Characters of a text block's prose kept in the index per message. */
export const MAX_INDEXED_TEXT = 100_000;
/** Characters of each tool input / tool result kept in the index. */
export const MAX_INDEXED_TOOL_TEXT = 1_000;
export const FIRST_PROMPT_MAX = 200;

export function indexableText(content: MessageContentInput): string {
  if (typeof content === "string") return content.slice(0, MAX_INDEXED_TEXT);
  const parts: string[] = [];
  let budget = MAX_INDEXED_TEXT;
  for (const block of content) {
    const text = blockText(block as ContentBlock);
    if (!text) continue;
    parts.push(text.slice(0, budget));
    budget -= text.length;
    if (budget <= 0) break;
  }
  return parts.join("\n");
}

function blockText(block: ContentBlock): string {
  switch (block.type) {
    case "text":
      return typeof block.text === "string" ? block.text : "";
    case "tool_use":
    case "server_tool_use": {
      const input = safeJson(block.input);
      const name = typeof block.name === "string" ? block.name : "";
      return `${name} ${input}`.slice(0, MAX_INDEXED_TOOL_TEXT);
    }
    case "tool_result":
      return resultText(block.content).slice(0, MAX_INDEXED_TOOL_TEXT);
    default:
      // thinking, images, documents: not indexed (thinking may be redacted or signed).
      return "";
  }
}

function resultText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((b: unknown) =>
      b && typeof b === "object" && (b as ContentBlock).type === "text"
        ? String((b as ContentBlock).text ?? "")
        : "",
    )
    .filter(Boolean)
    .join("\n");
}

/** The user's own words (text blocks only, not tool results), collapsed and shortened. */
export function promptText(content: MessageContentInput): string | null {
  const raw =
    typeof content === "string"
      ? content
      : (content as readonly ContentBlock[])
          .filter((b) => b.type === "text" && typeof b.text === "string")
          .map((b) => b.text as string)
          .join(" ");
  const text = raw.replace(/\s+/gu, " ").trim();
  if (!text) return null;
  return text.length > FIRST_PROMPT_MAX ? `${text.slice(0, FIRST_PROMPT_MAX - 1)}…` : text;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}
