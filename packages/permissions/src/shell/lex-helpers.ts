// Small scanners used by the word lexer: ANSI-C `$'...'` decoding, brace-expansion and
// arithmetic-end detection.

const ANSI_SIMPLE: Record<string, string> = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};

/** Decodes `$'...'` starting at the `$`; returns the value and the index after the quote. */
export function decodeAnsiC(
  raw: string,
  dollar: number,
): { value: string; next: number } | { error: string } {
  let j = dollar + 2;
  let out = "";
  for (;;) {
    const c = raw[j];
    if (c === undefined) {
      return { error: "unterminated $'...'" };
    }
    if (c === "'") break;
    if (c !== "\\") {
      out += c;
      j++;
      continue;
    }
    const e = raw[j + 1] ?? "";
    const simple = ANSI_SIMPLE[e];
    const tail = raw.slice(j + 1);
    const octal = /^[0-7]{1,3}/.exec(tail);
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(tail) ?? /^u([0-9a-fA-F]{1,4})/.exec(tail);
    const wide = /^U([0-9a-fA-F]{1,8})/.exec(tail);
    if (simple !== undefined) {
      out += simple;
      j += 2;
    } else if (octal) {
      out += String.fromCharCode(Number.parseInt(octal[0], 8) & 0xff);
      j += 1 + octal[0].length;
    } else if (hex) {
      out += String.fromCodePoint(Number.parseInt(hex[1] ?? "0", 16));
      j += 1 + hex[0].length;
    } else if (wide) {
      const cp = Number.parseInt(wide[1] ?? "0", 16);
      if (cp > 0x10ffff) {
        return { error: "invalid \\U escape" };
      }
      out += String.fromCodePoint(cp);
      j += 1 + wide[0].length;
    } else if (e === "c" && raw[j + 2] !== undefined) {
      out += String.fromCharCode((raw[j + 2] ?? "").charCodeAt(0) & 0x1f);
      j += 3;
    } else {
      out += `\\${e}`;
      j += 2;
    }
  }
  // bash truncates at a NUL; odd control bytes in a value are a disguise, not data.
  if (/[\u0000]/.test(out)) {
    return { error: "NUL inside $'...'" };
  }
  return { value: out, next: j + 1 };
}

export function isBraceExpansion(raw: string, at: number): boolean {
  const close = raw.indexOf("}", at + 1);
  if (close < 0) return false;
  const inner = raw.slice(at + 1, close);
  return inner.includes(",") || inner.includes("..") || inner.includes("{");
}

/** Index of the first `)` of the closing `))` of `$((...))`, or -1. */
export function findArithmeticEnd(s: string): number {
  let depth = 0;
  for (let i = 3; i < s.length; i++) {
    const c = s[i];
    if (c === "(") depth++;
    else if (c === ")") {
      if (depth === 0) return s[i + 1] === ")" ? i : -1;
      depth--;
    }
  }
  return -1;
}
