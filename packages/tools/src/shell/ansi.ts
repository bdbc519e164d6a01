// Terminal noise removal. The shell runs on a pty (so programs behave as they do for a person:
// line-buffered output, job control), which means colour codes, cursor movement and CRLF can
// appear in output meant for the model.

// CSI (colours, cursor movement), OSC (titles, hyperlinks; ended by BEL or ST), charset selection
// and the remaining two-byte escapes.
const ESCAPES =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()#*+][0-9A-Za-z]|\x1b[@-Z\\-_=>]/g;
// C0 controls other than tab, newline and carriage return (handled separately), plus DEL.
const CONTROLS = /[\x00-\x07\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;

/** Strips escapes and stray control characters; turns CRLF into LF. Lone CRs are kept. */
export function stripTerminalNoise(text: string): string {
  let out = text.replace(ESCAPES, "").replace(/\r+\n/g, "\n");
  // Overstrike ("_\bX", man pages) and backspace corrections: drop the erased character.
  while (out.includes("\b")) {
    const next = out.replace(/[^\n\b]\x08/g, "").replace(/\x08/g, "");
    if (next === out) break;
    out = next;
  }
  return out.replace(CONTROLS, "");
}

/**
 * Collapses lines redrawn with carriage returns (progress bars) to their last non-empty frame.
 * A terminal would overlay the frames; the last frame alone reads better for the model and avoids
 * remnants of longer earlier frames (their "erase line" escapes are already stripped).
 */
export function applyCarriageReturns(text: string): string {
  if (!text.includes("\r")) return text;
  return text
    .split("\n")
    .map((line) => {
      if (!line.includes("\r")) return line;
      const frames = line.split("\r").filter((frame) => frame.length > 0);
      return frames[frames.length - 1] ?? "";
    })
    .join("\n");
}

/**
 * Length of a trailing fragment that might be the start of an escape sequence split across two
 * chunks; the caller holds it back until the next chunk arrives.
 */
export function incompleteEscapeTail(text: string): number {
  const esc = text.lastIndexOf("\x1b");
  if (esc === -1 || text.length - esc > 4096) return 0;
  const rest = text.slice(esc);
  if (rest.length === 1) return 1;
  const kind = rest[1];
  if (kind === "[") return /^\x1b\[[0-?]*[ -/]*[@-~]/.test(rest) ? 0 : rest.length;
  if (kind === "]") return /^\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/.test(rest) ? 0 : rest.length;
  if (kind && "()#*+".includes(kind)) return rest.length >= 3 ? 0 : rest.length;
  return 0;
}
