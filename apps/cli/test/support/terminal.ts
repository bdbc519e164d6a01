import { createRequire } from "node:module";
import { waitFor } from "@berth/testkit";
import type { IPty } from "node-pty";
import { CLI_ENTRY } from "./paths";

// Both packages are CommonJS without named ESM exports; require keeps their types.
const require = createRequire(import.meta.url);
const { spawn: spawnPty } = require("node-pty") as typeof import("node-pty");
const { Terminal } = require("@xterm/headless") as typeof import("@xterm/headless");

export const COLS = 120;
export const ROWS = 40;

/**
 * `berth` in a real pseudo-terminal, its output fed to a headless xterm so tests assert on
 * what a user would see (cursor movement and line clearing applied), not on raw bytes.
 */
export class CliTerminal {
  readonly exited: Promise<{ exitCode: number; signal?: number }>;
  private readonly pty: IPty;
  private readonly term = new Terminal({ cols: COLS, rows: ROWS, scrollback: 5000, allowProposedApi: true });
  private raw = "";
  private pendingWrites = 0;

  constructor(args: string[], options: { cwd: string; env: Record<string, string> }) {
    this.pty = spawnPty(process.execPath, [CLI_ENTRY, ...args], {
      name: "xterm-256color",
      cols: COLS,
      rows: ROWS,
      cwd: options.cwd,
      env: { ...options.env, TERM: "xterm-256color" },
    });
    this.pty.onData((data) => {
      this.raw += data;
      this.pendingWrites++;
      this.term.write(data, () => {
        this.pendingWrites--;
      });
    });
    this.exited = new Promise((resolve) => this.pty.onExit(resolve));
  }

  /** Keystrokes, as a user types them ("\r" is Enter, "\x03" is Ctrl-C). */
  type(keys: string): void {
    this.pty.write(keys);
  }

  /** Every line of the screen and its scrollback, trailing blanks trimmed. */
  screenText(): string {
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? "");
    return lines.join("\n").trimEnd();
  }

  /** Waits until the screen shows `pattern`; the error shows the screen, which is what you want to see. */
  async waitForText(pattern: string | RegExp, timeoutMs = 10_000): Promise<string> {
    const matches = (screen: string) =>
      typeof pattern === "string" ? screen.includes(pattern) : pattern.test(screen);
    try {
      return await waitFor(
        () => {
          const screen = this.screenText();
          return this.pendingWrites === 0 && matches(screen) ? screen : undefined;
        },
        { timeoutMs, intervalMs: 20, description: `screen to show ${String(pattern)}` },
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- screen ---\n${this.screenText()}\n--------------`);
    }
  }

  /** Occurrences of `text` on screen (to catch duplicated output). */
  count(text: string): number {
    return this.screenText().split(text).length - 1;
  }

  /** The raw byte stream, for debugging a failure. */
  get output(): string {
    return this.raw;
  }

  kill(): void {
    try {
      this.pty.kill();
    } catch {
      // already gone
    }
  }

  dispose(): void {
    this.kill();
    this.term.dispose();
  }
}
