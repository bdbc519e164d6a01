import { type Paint, visibleWidth } from "./ansi";
import { highlightLine } from "./highlight";
import { renderInline } from "./inline";

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+#.-]*)/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s*>\s?(.*)$/;
const LIST = /^(\s*)([-*+]|\d{1,9}[.)])\s+(?:\[([ xX])\]\s+)?(.*)$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/**
 * Markdown for a terminal, fed as it streams: complete lines come out styled (headings, lists,
 * quotes, rules, fenced code with syntax highlighting, tables laid out in columns), the line
 * still being written is handed back raw for the caller to show until it is complete. Block
 * state (inside a fence, rows of a table) carries over from line to line.
 */
export class MarkdownStream {
  private pending = "";
  private fence: { marker: string; lang: string; indent: number } | null = null;
  private table: string[] = [];

  constructor(
    private readonly p: Paint,
    private readonly columns: () => number = () => 80,
  ) {}

  /** Adds streamed text; returns the styled lines it completed (each ending in a newline). */
  push(text: string): string[] {
    this.pending += text;
    const out: string[] = [];
    let nl = this.pending.indexOf("\n");
    while (nl !== -1) {
      out.push(...this.line(this.pending.slice(0, nl)));
      this.pending = this.pending.slice(nl + 1);
      nl = this.pending.indexOf("\n");
    }
    return out;
  }

  /** The incomplete last line, as written so far (shown raw until it ends). */
  get partial(): string {
    return this.pending;
  }

  /** The message ended: styles what is left and resets block state. */
  end(): string[] {
    const out = this.pending ? this.line(this.pending) : [];
    this.pending = "";
    out.push(...this.flushTable());
    this.fence = null;
    return out;
  }

  private line(raw: string): string[] {
    const text = raw.replace(/\r$/, "");
    const p = this.p;
    if (this.fence) {
      const close = text.match(FENCE);
      if (close?.[2]?.startsWith(this.fence.marker) && !close[3]) {
        this.fence = null;
        return [];
      }
      const code = text.slice(Math.min(this.fence.indent, text.length - text.trimStart().length));
      return [`  ${highlightLine(code, this.fence.lang, p)}\n`];
    }
    if (TABLE_ROW.test(text) || (this.table.length > 0 && TABLE_SEPARATOR.test(text))) {
      this.table.push(text);
      return [];
    }
    const before = this.flushTable();
    const open = text.match(FENCE);
    if (open) {
      this.fence = { marker: open[2] ?? "```", lang: open[3] ?? "", indent: open[1]?.length ?? 0 };
      return [...before, ...(open[3] ? [`${p.dim(`  ${open[3]}`)}\n`] : [])];
    }
    return [...before, `${this.block(text)}\n`];
  }

  private block(text: string): string {
    const p = this.p;
    const heading = text.match(HEADING);
    if (heading) {
      const body = renderInline(heading[2] ?? "", p);
      return (heading[1]?.length ?? 1) <= 2 ? p.bold(p.underline(body)) : p.bold(body);
    }
    if (RULE.test(text)) return p.dim("─".repeat(Math.min(this.columns(), 60)));
    const quote = text.match(QUOTE);
    if (quote) return `${p.dim("│")} ${p.italic(renderInline(quote[1] ?? "", p))}`;
    const item = text.match(LIST);
    if (item) {
      const [, indent = "", marker = "-", task, body = ""] = item;
      const bullet = /\d/.test(marker) ? marker : "•";
      const box = task === undefined ? "" : task === " " ? "☐ " : "☑ ";
      return `${indent}${p.color(36, bullet)} ${box}${renderInline(body, p)}`;
    }
    return renderInline(text, p);
  }

  /** Buffered table rows as aligned columns (rows without a separator line are plain text). */
  private flushTable(): string[] {
    if (this.table.length === 0) return [];
    const rows = this.table;
    this.table = [];
    const sepIndex = rows.findIndex((r) => TABLE_SEPARATOR.test(r));
    if (sepIndex !== 1) return rows.map((r) => `${renderInline(r, this.p)}\n`);
    const cells = rows
      .filter((_, i) => i !== sepIndex)
      .map((r) => splitRow(r).map((c) => renderInline(c, this.p)));
    const count = Math.max(...cells.map((r) => r.length));
    const widths = Array.from({ length: count }, (_, i) =>
      Math.max(3, ...cells.map((r) => visibleWidth(r[i] ?? ""))),
    );
    const border = (l: string, m: string, r: string) =>
      this.p.dim(`${l}${widths.map((w) => "─".repeat(w + 2)).join(m)}${r}`);
    const format = (r: string[], header: boolean) =>
      `${this.p.dim("│")}${widths
        .map((w, i) => {
          const cell = r[i] ?? "";
          const padded = ` ${cell}${" ".repeat(w - visibleWidth(cell))} `;
          return header ? this.p.bold(padded) : padded;
        })
        .join(this.p.dim("│"))}${this.p.dim("│")}`;
    return [
      border("┌", "┬", "┐"),
      format(cells[0] ?? [], true),
      border("├", "┼", "┤"),
      ...cells.slice(1).map((r) => format(r, false)),
      border("└", "┴", "┘"),
    ].map((l) => `${l}\n`);
  }
}

/** Cells of a `| a | b |` row; `\|` stays inside a cell. */
function splitRow(row: string): string[] {
  const inner = row.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
}
