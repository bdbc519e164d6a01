import { emitKeypressEvents } from "node:readline";
import { completeAt } from "./file-complete";

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

/** Shift+Enter where the terminal reports it: the kitty protocol and xterm's modifyOtherKeys. */
const SHIFT_ENTER = /^\x1b\[(13;2u|27;2;13~)$/;

export type KeyResult = "submit" | "changed" | "ignored";

export interface LineBufferOptions {
  /** Older first; ↑ walks back through it, Ctrl-R searches it. */
  history?: readonly string[];
  /** Files for `@` completion, asked for on the first Tab. */
  files?: () => readonly string[];
}

/**
 * The text being typed at the prompt, and what the keys do to it: multi-line input, history,
 * reverse search and `@file` completion. Pure (no terminal), so it is tested key by key.
 */
export class LineBuffer {
  text = "";
  /** Ctrl-R in progress: what is typed, and which history entry matches it. */
  search: { query: string; match: number | undefined } | undefined;
  /** Completion candidates from the last Tab, for the terminal to show. */
  candidates: string[] = [];
  private historyIndex: number;
  private draft = "";
  private fileList: readonly string[] | undefined;

  constructor(private readonly options: LineBufferOptions = {}) {
    this.historyIndex = this.history.length;
  }

  private get history(): readonly string[] {
    return this.options.history ?? [];
  }

  /** After a submit: the next ↑ starts from the newest entry again. */
  reset(): void {
    this.text = "";
    this.search = undefined;
    this.candidates = [];
    this.historyIndex = this.history.length;
    this.draft = "";
  }

  /** The history entry Ctrl-R shows, if any. */
  get searchMatch(): string | undefined {
    return this.search?.match === undefined ? undefined : this.history[this.search.match];
  }

  /** Applies one key; returns "submit" on Enter. */
  apply(str: string | undefined, key: Key): KeyResult {
    this.candidates = [];
    if (this.search) return this.applySearch(str, key);
    const enter = key.name === "return" || key.name === "enter";
    if ((enter && (key.shift || key.meta)) || SHIFT_ENTER.test(key.sequence ?? "")) return this.insert("\n");
    if (enter) {
      // A trailing backslash continues the message on the next line, in every terminal.
      if (!this.text.endsWith("\\")) return "submit";
      this.text = `${this.text.slice(0, -1)}\n`;
      return "changed";
    }
    if (key.ctrl && key.name === "r") {
      this.search = { query: "", match: undefined };
      return "changed";
    }
    if (key.name === "up" || key.name === "down") return this.walk(key.name === "up" ? -1 : 1);
    if (key.name === "tab" && !key.shift) return this.complete();
    if (key.name === "backspace") {
      this.text = [...this.text].slice(0, -1).join("");
      return "changed";
    }
    if (key.ctrl && key.name === "u") {
      this.text = "";
      return "changed";
    }
    if (str && !key.ctrl && !key.meta && str >= " " && !str.startsWith("\x1b")) return this.insert(str);
    return "ignored";
  }

  private insert(text: string): KeyResult {
    this.text += text;
    return "changed";
  }

  /** ↑/↓: older and newer prompts; below the newest is what was being typed before. */
  private walk(step: -1 | 1): KeyResult {
    const to = this.historyIndex + step;
    if (to < 0 || to > this.history.length) return "ignored";
    if (this.historyIndex === this.history.length) this.draft = this.text;
    this.historyIndex = to;
    this.text = to === this.history.length ? this.draft : (this.history[to] ?? "");
    return "changed";
  }

  private applySearch(str: string | undefined, key: Key): KeyResult {
    const search = this.search as { query: string; match: number | undefined };
    if (key.name === "escape" || (key.ctrl && key.name === "g")) {
      this.search = undefined;
      return "changed";
    }
    if (key.ctrl && key.name === "r") {
      // Again: the next older match.
      search.match = this.find(search.query, (search.match ?? this.history.length) - 1) ?? search.match;
      return "changed";
    }
    if (
      key.name === "backspace" ||
      (str && !key.ctrl && !key.meta && str >= " " && !str.startsWith("\x1b"))
    ) {
      search.query = key.name === "backspace" ? [...search.query].slice(0, -1).join("") : search.query + str;
      search.match = this.find(search.query, this.history.length - 1);
      return "changed";
    }
    // Any other key takes the match into the line, as in a shell; Enter also sends it.
    if (search.match !== undefined) this.text = this.history[search.match] ?? this.text;
    this.search = undefined;
    return key.name === "return" || key.name === "enter" ? "submit" : "changed";
  }

  private find(query: string, from: number): number | undefined {
    if (!query) return undefined;
    for (let i = Math.min(from, this.history.length - 1); i >= 0; i--)
      if (this.history[i]?.includes(query)) return i;
    return undefined;
  }

  private complete(): KeyResult {
    if (!/(^|\s)@\S*$/.test(this.text) || !this.options.files) return "ignored";
    this.fileList ??= this.options.files();
    const { text, candidates } = completeAt(this.text, this.fileList);
    this.text = text;
    this.candidates = candidates;
    return "changed";
  }
}
