import type { SessionSnapshot, StoredMessage } from "@berth/protocol";
import { style, summarizeCall } from "./style";

type Block = { type: string; [key: string]: unknown };

/**
 * Draws stored messages (a resumed session's last page, or a snapshot's) in the same shapes the
 * live renderer uses, so a resumed conversation looks like the one the user left.
 */
export function transcriptLines(messages: readonly StoredMessage[]): string[] {
  const lines: string[] = [];
  for (const message of messages) {
    const blocks: Block[] =
      typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
    for (const block of blocks) lines.push(...blockLines(message.role, block));
  }
  return lines;
}

function blockLines(role: StoredMessage["role"], block: Block): string[] {
  switch (block.type) {
    case "text": {
      const text = String(block.text ?? "").trimEnd();
      if (!text) return [];
      return role === "user" ? [`${style.bold(style.cyan("›"))} ${text}`] : [text];
    }
    case "tool_use":
      return [
        `${style.green("●")} ${style.bold(String(block.name))}(${summarizeCall(String(block.name), block.input)})`,
      ];
    case "tool_result": {
      const text = resultText(block.content);
      const [head = "", ...rest] = text.split("\n");
      const more = rest.length > 0 ? style.dim(` … +${rest.length} lines`) : "";
      const shown = head.slice(0, 200);
      return [`  ⎿ ${block.is_error ? style.red(shown) : shown}${more}`];
    }
    case "thinking":
    case "redacted_thinking":
      return [style.dim("(thinking)")];
    default:
      return [style.dim(`(${block.type})`)];
  }
}

function resultText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((b: Block) => (b?.type === "text" ? String(b.text ?? "") : `(${String(b?.type)})`))
    .join("\n");
}

/** The header and last messages of a resumed session. */
export function resumedTranscript(
  sessionId: string,
  page: { messages: StoredMessage[]; fromIdx: number },
): string {
  const lines: string[] = [];
  if (page.fromIdx > 0) {
    lines.push(
      style.dim(
        `… ${page.fromIdx} earlier message${page.fromIdx === 1 ? "" : "s"} ` +
          `(berth history export ${sessionId} --format markdown shows them all)`,
      ),
    );
  }
  lines.push(...transcriptLines(page.messages));
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

/**
 * A snapshot (the daemon summarised instead of replaying): its messages, then the text being
 * streamed right now, left open so the live deltas that follow continue it.
 */
export function snapshotText(snapshot: SessionSnapshot): string {
  const lines = [
    style.dim(
      `(joined mid-session: the last ${snapshot.recentMessages.length} of ${snapshot.messageCount} messages)`,
    ),
    ...transcriptLines(snapshot.recentMessages),
  ];
  let out = `${lines.join("\n")}\n`;
  const partial = snapshot.partial;
  if (partial?.tool) out += `${style.green("●")} ${style.bold(partial.tool.name)} ${style.dim("running…")}\n`;
  if (partial?.text) out += partial.text;
  return out;
}
