import type { SessionRecord, StoredMessage } from "@berth/store";

/**
 * The two export formats, one message at a time so an export never holds a whole session.
 *
 * JSONL (`berth.session.v1`), one JSON object per line:
 *   {"type":"session","format":"berth.session.v1","id","cwd","title","model","createdAt","updatedAt","parentId","messageCount"}
 *   {"type":"message","idx":0,"role":"user"|"assistant","createdAt":<epoch ms>,"content":<string | Anthropic content blocks>}
 * Times are epoch milliseconds; `content` is exactly what the model saw.
 */
export const JSONL_FORMAT = "berth.session.v1";

export function jsonlHeader(row: SessionRecord): string {
  return `${JSON.stringify({
    type: "session",
    format: JSONL_FORMAT,
    id: row.id,
    cwd: row.cwd,
    title: row.title,
    model: row.model,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    parentId: row.parentId,
    messageCount: row.messageCount,
  })}\n`;
}

export function jsonlMessage(m: StoredMessage): string {
  return `${JSON.stringify({ type: "message", idx: m.idx, role: m.role, createdAt: m.createdAt, content: m.content })}\n`;
}

export function markdownHeader(row: SessionRecord): string {
  const title = row.title ?? row.firstPrompt ?? `Session ${row.id}`;
  const lines = [
    `# ${oneLine(title)}`,
    "",
    `- Session: \`${row.id}\``,
    `- Folder: \`${row.cwd}\``,
    ...(row.model ? [`- Model: \`${row.model}\``] : []),
    `- Started: ${new Date(row.createdAt).toISOString()}`,
    `- Last activity: ${new Date(row.updatedAt).toISOString()}`,
    `- Messages: ${row.messageCount}`,
    ...(row.parentId ? [`- Forked from: \`${row.parentId}\``] : []),
    "",
  ];
  return `${lines.join("\n")}\n`;
}

type Block = { type: string; [key: string]: unknown };

export function markdownMessage(m: StoredMessage): string {
  const blocks: Block[] = typeof m.content === "string" ? [{ type: "text", text: m.content }] : m.content;
  const onlyResults = m.role === "user" && blocks.length > 0 && blocks.every((b) => b.type === "tool_result");
  const heading = onlyResults ? "Tool results" : m.role === "user" ? "User" : "Assistant";
  const parts = [`## ${heading}`, ""];
  for (const block of blocks) parts.push(markdownBlock(block), "");
  return `${parts.join("\n")}\n`;
}

function markdownBlock(block: Block): string {
  switch (block.type) {
    case "text":
      return String(block.text ?? "");
    case "tool_use":
      return `**Tool call: ${String(block.name)}** (\`${String(block.id)}\`)\n\n${fence(JSON.stringify(block.input, null, 2), "json")}`;
    case "tool_result": {
      const label = block.is_error ? "**Tool result (error)**" : "**Tool result**";
      return `${label} (\`${String(block.tool_use_id)}\`)\n\n${fence(resultText(block.content), "")}`;
    }
    case "thinking":
      return `_(thinking, ${String(block.thinking ?? "").length} characters, not exported)_`;
    case "redacted_thinking":
      return "_(redacted thinking)_";
    case "image":
      return "_(image)_";
    default:
      return `_(${block.type} block)_`;
  }
}

function resultText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((b: Block) => (b?.type === "text" ? String(b.text ?? "") : `(${String(b?.type)} block)`))
    .join("\n");
}

/** A code fence longer than any backtick run inside, so the content cannot close it early. */
function fence(text: string, lang: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(Math.max(3, longest + 1));
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
