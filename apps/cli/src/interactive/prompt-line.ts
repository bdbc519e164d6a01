// The line being typed, drawn below the output: it can span several rows (wrapped, or a
// multi-line message), and output replaces it by erasing exactly the rows it took.
import { visibleWidth } from "./markdown/ansi";

export class PromptLine {
  /** Rows the prompt takes on screen; 0 when none is drawn. */
  private rows = 0;

  constructor(private readonly out: NodeJS.WriteStream) {}

  get shown(): boolean {
    return this.rows > 0;
  }

  /** Draws (or redraws) `label` and `text`; continuation lines are indented under the label. */
  draw(label: string, text: string): void {
    this.hide();
    const lines = text.split("\n");
    const shown = lines.map((l, i) => (i === 0 ? `${label}${l}` : `  ${l}`));
    const columns = this.out.columns || 80;
    this.out.write(shown.join("\r\n"));
    this.rows = shown.reduce((sum, l) => sum + Math.max(1, Math.ceil(visibleWidth(l) / columns)), 0);
  }

  /** Erases the prompt, including the rows it wrapped onto, leaving the cursor at its start. */
  hide(): void {
    if (this.rows === 0) return;
    const up = this.rows - 1;
    this.out.write(`${up > 0 ? `\x1b[${up}A` : ""}\r\x1b[J`);
    this.rows = 0;
  }

  /** The prompt stays on screen as output (a submitted command): move below it and forget it. */
  keep(): void {
    if (this.rows === 0) return;
    this.out.write("\r\n");
    this.rows = 0;
  }
}
