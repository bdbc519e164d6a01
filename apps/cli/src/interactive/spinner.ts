const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** A one-line activity indicator shown while waiting for the model or a tool. */
export class Spinner {
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private startedAt = 0;
  private label = "";

  constructor(private readonly out: NodeJS.WriteStream) {}

  start(label: string): void {
    this.label = label;
    if (this.timer || !this.out.isTTY) return;
    this.startedAt = Date.now();
    this.timer = setInterval(() => this.draw(), 80);
    this.draw();
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.out.write("\r\x1b[2K");
  }

  get active(): boolean {
    return this.timer !== undefined;
  }

  private draw(): void {
    const secs = Math.floor((Date.now() - this.startedAt) / 1000);
    const glyph = FRAMES[this.frame++ % FRAMES.length];
    this.out.write(`\r\x1b[2K${glyph} ${this.label} (${secs}s · ctrl-c to interrupt)`);
  }
}
