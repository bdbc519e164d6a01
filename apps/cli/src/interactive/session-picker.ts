import { homedir } from "node:os";
import type { SessionInfo } from "@berth/protocol";
import { type Key, KeyInput } from "./line-editor";
import { age, size } from "./session-format";
import { style } from "./style";

/**
 * `berth --resume` without an id: a list of stored sessions to pick from. Type to filter (every
 * word must match the title, first prompt, folder or id), ↑/↓ (and PgUp/PgDn) to move, Tab to
 * show only this folder, Enter to resume, Esc to cancel. The model is pure; drawing and keys are
 * below it.
 */
export class PickerModel {
  filter = "";
  index = 0;
  hereOnly = false;

  constructor(
    readonly sessions: readonly SessionInfo[],
    readonly cwd: string,
  ) {}

  visible(): SessionInfo[] {
    const words = this.filter.toLowerCase().split(/\s+/).filter(Boolean);
    return this.sessions.filter((s) => {
      if (this.hereOnly && s.cwd !== this.cwd) return false;
      const hay = `${s.title ?? ""} ${s.firstPrompt ?? ""} ${s.cwd} ${s.id}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }

  selected(): SessionInfo | undefined {
    return this.visible()[this.index];
  }

  /** Applies one key; returns "pick" or "cancel" when the picker is done. */
  key(str: string | undefined, key: Key, page: number): "pick" | "cancel" | undefined {
    const count = this.visible().length;
    const move = (to: number) => {
      this.index = Math.max(0, Math.min(count - 1, to));
    };
    if (key.name === "escape" || (key.ctrl && (key.name === "c" || key.name === "d"))) return "cancel";
    if (key.name === "return" || key.name === "enter") return this.selected() ? "pick" : undefined;
    if (key.name === "up" || (key.ctrl && key.name === "p")) move(this.index - 1);
    else if (key.name === "down" || (key.ctrl && key.name === "n")) move(this.index + 1);
    else if (key.name === "pageup") move(this.index - page);
    else if (key.name === "pagedown") move(this.index + page);
    else if (key.name === "home") move(0);
    else if (key.name === "end") move(count - 1);
    else if (key.name === "tab") {
      this.hereOnly = !this.hereOnly;
      this.index = 0;
    } else if (key.name === "backspace") {
      this.filter = [...this.filter].slice(0, -1).join("");
      this.index = 0;
    } else if (key.ctrl && key.name === "u") {
      this.filter = "";
      this.index = 0;
    } else if (str && !key.ctrl && !key.meta && str >= " " && !str.startsWith("\x1b")) {
      this.filter += str;
      this.index = 0;
    }
    return undefined;
  }
}

function folder(path: string): string {
  const home = homedir();
  return home && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

function fit(text: string, width: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (width <= 1) return "";
  return clean.length > width ? `${clean.slice(0, width - 1)}…` : clean.padEnd(width);
}

/** The picker's screen: a header, the filter line and one row per visible session. */
export function pickerLines(model: PickerModel, rows: number, cols: number): string[] {
  const list = model.visible();
  const height = Math.max(3, Math.min(15, rows - 4));
  const top = Math.max(0, Math.min(model.index - Math.floor(height / 2), list.length - height));
  const scope = model.hereOnly ? "this folder" : "all folders";
  const lines = [
    style.bold(`Resume a session (${list.length} of ${model.sessions.length}, ${scope})`) +
      style.dim("  type to filter · ↑↓ move · Tab this folder/all · Enter resume · Esc cancel"),
    `${style.cyan("filter›")} ${model.filter}`,
  ];
  if (list.length === 0) lines.push(style.dim("  no session matches"));
  const w = { age: 8, size: 22, folder: Math.max(10, Math.floor((cols - 36) * 0.35)) };
  const titleWidth = Math.max(10, cols - 4 - w.age - w.size - w.folder - 3);
  for (let i = top; i < Math.min(list.length, top + height); i++) {
    const s = list[i] as SessionInfo;
    const mark = i === model.index ? style.cyan("›") : " ";
    const title = s.title ?? s.firstPrompt ?? "(no prompt yet)";
    const row = `${fit(age(s.updatedAt), w.age)} ${fit(size(s), w.size)} ${fit(folder(s.cwd), w.folder)} ${fit(title, titleWidth)}`;
    lines.push(`${mark} ${i === model.index ? style.bold(row) : row}`);
  }
  return lines;
}

/** Runs the picker on the terminal; resolves with the chosen session id, or undefined on Esc. */
export function pickSession(sessions: readonly SessionInfo[], cwd: string): Promise<string | undefined> {
  const out = process.stdout;
  const model = new PickerModel(sessions, cwd);
  const keys = new KeyInput(process.stdin);
  let drawn = 0;
  const draw = () => {
    const lines = pickerLines(model, out.rows ?? 24, out.columns ?? 100);
    // Back to the first line of the previous frame, clear below, draw the new one.
    const up = drawn > 1 ? `\x1b[${drawn - 1}A` : "";
    out.write(`\r${up}\x1b[J${lines.join("\r\n")}`);
    drawn = lines.length;
  };
  out.write("\x1b[?25l");
  draw();
  return new Promise((resolve) => {
    keys.onKey((str, key) => {
      const page = Math.max(1, Math.min(15, (out.rows ?? 24) - 4));
      const done = model.key(str, key, page);
      if (!done) {
        draw();
        return;
      }
      keys.close();
      const up = drawn > 1 ? `\x1b[${drawn - 1}A` : "";
      out.write(`\r${up}\x1b[J\x1b[?25h`);
      resolve(done === "pick" ? model.selected()?.id : undefined);
    });
  });
}
