/** Minimal ANSI styling; off when NO_COLOR is set or output is not a terminal. */
const enabled = !process.env.NO_COLOR && process.stdout.isTTY === true;
const wrap = (open: number, close: number) => (s: string) =>
  enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s;

export const style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  blue: wrap(34, 39),
  cyan: wrap(36, 39),
  magenta: wrap(35, 39),
};

/** One line describing a tool call, for headers and prompts. */
export function summarizeCall(_tool: string, input: unknown): string {
  const i = (input ?? {}) as Record<string, unknown>;
  const pick = (k: string) => (typeof i[k] === "string" ? (i[k] as string) : undefined);
  const main = pick("command") ?? pick("file_path") ?? pick("path") ?? pick("url") ?? pick("pattern");
  const text = main ?? JSON.stringify(input);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
