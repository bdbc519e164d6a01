import { emitKeypressEvents } from "node:readline";

export interface Key {
  name?: string;
  ctrl?: boolean;
  shift?: boolean;
  meta?: boolean;
  sequence?: string;
}

/**
 * A small raw-mode key reader. Readline's own line editor can't share the terminal with
 * single-key permission answers, so input is handled key by key here.
 */
export class KeyInput {
  private handler: ((str: string | undefined, key: Key) => void) | undefined;
  private readonly listener = (str: string | undefined, key: Key | undefined) =>
    this.handler?.(str, key ?? {});

  constructor(private readonly input: NodeJS.ReadStream) {
    emitKeypressEvents(input);
    if (input.isTTY) input.setRawMode(true);
    input.on("keypress", this.listener);
    input.resume();
  }

  onKey(handler: (str: string | undefined, key: Key) => void): void {
    this.handler = handler;
  }

  /** Stops reading; a later KeyInput on the same stream (the picker, then the prompt) starts clean. */
  close(): void {
    this.input.off("keypress", this.listener);
    if (this.input.isTTY) this.input.setRawMode(false);
    this.input.pause();
  }
}

/** The text being typed at the prompt. */
export class LineBuffer {
  text = "";

  /** Applies one key; returns "submit" on Enter. */
  apply(str: string | undefined, key: Key): "submit" | "changed" | "ignored" {
    if (key.name === "return" || key.name === "enter") return "submit";
    if (key.name === "backspace") {
      this.text = [...this.text].slice(0, -1).join("");
      return "changed";
    }
    if (key.ctrl && key.name === "u") {
      this.text = "";
      return "changed";
    }
    if (str && !key.ctrl && !key.meta && str >= " " && !str.startsWith("\x1b")) {
      this.text += str;
      return "changed";
    }
    return "ignored";
  }
}
