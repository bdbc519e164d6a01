/**
 * ANSI styling for rendered Markdown, decided once per renderer (colour off for NO_COLOR or a
 * non-terminal), and the sanitising every piece of model text goes through before it reaches
 * the terminal: a model (or a web page it quotes) must not be able to send escape sequences
 * that move the cursor, retitle the window or rewrite what the user sees.
 */
export interface Paint {
  bold(s: string): string;
  italic(s: string): string;
  underline(s: string): string;
  strike(s: string): string;
  dim(s: string): string;
  color(code: number, s: string): string;
}

const sgr = (on: boolean, open: string, close: string) => (s: string) =>
  on && s ? `\x1b[${open}m${s}\x1b[${close}m` : s;

export function paint(enabled: boolean): Paint {
  return {
    bold: sgr(enabled, "1", "22"),
    italic: sgr(enabled, "3", "23"),
    underline: sgr(enabled, "4", "24"),
    strike: sgr(enabled, "9", "29"),
    dim: sgr(enabled, "2", "22"),
    color: (code, s) => sgr(enabled, String(code), "39")(s),
  };
}

/** Removes C0/C1 control characters (ESC, BEL, CSI, …) except tab and newline. */
export function sanitize(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, "");
}

/** Columns a string takes on screen: SGR escapes take none; wide characters are not measured. */
export function visibleWidth(s: string): number {
  return [...s.replace(/\x1b\[[0-9;]*m/g, "")].length;
}
