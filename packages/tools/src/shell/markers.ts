// Delimits one command's output in the shell's byte stream. Each command is preceded by a begin
// marker and followed by an end marker carrying the exit status and working directory; both embed
// a random per-command nonce, so nothing a command prints (even text shaped like a marker) and no
// leftover output of an earlier command can be mistaken for them.
import { incompleteEscapeTail } from "./ansi.js";

export interface CommandEnd {
  exitCode: number;
  cwd: string;
}

const BEGIN = "__BERTH_BEGIN";
const END = "__BERTH_END";

/**
 * Shell snippets that print the markers. The literal marker text never appears in them (printf
 * assembles it from pieces), so a terminal echo of these lines cannot be mistaken for a marker.
 */
export const printBegin = `builtin printf '%s_%s\\n' ${BEGIN} "$__berth_nonce"`;
export const printEnd = `builtin printf '\\n%s_%s:%s:%s:%s\\n' ${END} "$__berth_nonce" "$__berth_status" "$PWD" "$__berth_nonce"`;

/** Length of the longest suffix of `text` that is a proper prefix of `marker`. */
function partialSuffix(text: string, marker: string): number {
  for (let k = Math.min(text.length, marker.length - 1); k > 0; k--) {
    if (text.endsWith(marker.slice(0, k))) return k;
  }
  return 0;
}

/**
 * Feed raw pty data in; body text (between the markers, raw) comes out through `emit` as soon as
 * it is certain not to be part of a marker or of a split escape sequence. `push` returns the end
 * once the end marker is complete.
 */
export class MarkerStream {
  private buf = "";
  private started: boolean;
  private skipNewline = false;
  private end: CommandEnd | undefined;
  private readonly begin: string;
  private readonly endHead: string;
  private readonly endTail: string;

  constructor(
    nonce: string,
    private readonly emit: (raw: string) => void,
    expectBegin = true,
  ) {
    this.started = !expectBegin;
    this.begin = `${BEGIN}_${nonce}`;
    this.endHead = `\n${END}_${nonce}:`;
    this.endTail = `:${nonce}`;
  }

  push(data: string): CommandEnd | undefined {
    if (this.end) return this.end;
    this.buf += data;
    if (!this.started) {
      // Anything before the begin marker is noise from earlier (a late job notice, a prompt).
      const at = this.buf.indexOf(this.begin);
      if (at === -1) {
        this.buf = this.buf.slice(-this.begin.length);
        return undefined;
      }
      this.buf = this.buf.slice(at + this.begin.length);
      this.started = true;
      this.skipNewline = true;
    }
    if (this.skipNewline) {
      this.buf = this.buf.replace(/^\r+/, "");
      if (!this.buf) return undefined;
      if (this.buf.startsWith("\n")) this.buf = this.buf.slice(1);
      this.skipNewline = false;
    }
    const at = this.buf.indexOf(this.endHead);
    if (at !== -1) {
      const after = this.buf.slice(at + this.endHead.length);
      const close = after.indexOf(this.endTail);
      this.flush(at);
      if (close === -1) return undefined; // the rest of the marker is still on its way
      const fields = after.slice(0, close);
      const colon = fields.indexOf(":");
      const exitCode = Number.parseInt(fields.slice(0, colon), 10);
      this.end = { exitCode: Number.isNaN(exitCode) ? 1 : exitCode, cwd: fields.slice(colon + 1) };
      this.buf = "";
      return this.end;
    }
    let hold = Math.max(partialSuffix(this.buf, this.endHead), incompleteEscapeTail(this.buf));
    // Keep a trailing CR so a CRLF split across chunks is still recognised as one line break.
    if (this.buf.endsWith("\r")) hold = Math.max(hold, 1);
    this.flush(this.buf.length - hold);
    return undefined;
  }

  /** Emits buf[0, upTo) and keeps the rest. */
  private flush(upTo: number): void {
    if (upTo <= 0) return;
    this.emit(this.buf.slice(0, upTo));
    this.buf = this.buf.slice(upTo);
  }
}
