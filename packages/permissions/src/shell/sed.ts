// A small reader for sed scripts: finds the commands that execute (`e`, `s///e`) or write files
// (`w`, `W`, `s///w`), so `sed` can be judged like any other file command. Anything it cannot
// read is reported as not simple, and callers treat that as a possible execution.

export interface SedScan {
  simple: boolean;
  executes: boolean;
  writes: string[];
}

export function scanSed(script: string): SedScan {
  const out: SedScan = { simple: true, executes: false, writes: [] };
  let i = 0;
  const s = script;
  const skipSpace = () => {
    while (i < s.length && /[\s;]/.test(s[i] ?? "")) i++;
  };
  const readDelimited = (delim: string): boolean => {
    // Reads up to the next unescaped delimiter; i ends after it.
    while (i < s.length) {
      const c = s[i];
      if (c === "\\") i += 2;
      else if (c === delim) {
        i++;
        return true;
      } else i++;
    }
    return false;
  };
  const readAddress = (): boolean => {
    for (let k = 0; k < 2; k++) {
      if (/[0-9$]/.test(s[i] ?? "")) {
        while (/[0-9$~+]/.test(s[i] ?? "")) i++;
      } else if (s[i] === "/" || s[i] === "\\") {
        const delim = s[i] === "\\" ? (s[i + 1] ?? "") : "/";
        i += s[i] === "\\" ? 2 : 1;
        if (!readDelimited(delim)) return false;
        while (s[i] === "I" || s[i] === "M") i++;
      }
      if (s[i] === ",") i++;
      else break;
    }
    while (s[i] === " " || s[i] === "!") i++;
    return true;
  };
  const restOfLine = (): string => {
    const end = s.indexOf("\n", i);
    const text = s.slice(i, end < 0 ? s.length : end).trim();
    i = end < 0 ? s.length : end;
    return text;
  };
  while (i < s.length) {
    skipSpace();
    if (i >= s.length) break;
    if (!readAddress()) return { ...out, simple: false };
    const cmd = s[i++];
    if (cmd === undefined) break;
    if (cmd === "s" || cmd === "y") {
      const delim = s[i++];
      if (delim === undefined || delim === "\n" || delim === "\\") return { ...out, simple: false };
      if (!readDelimited(delim) || !readDelimited(delim)) return { ...out, simple: false };
      if (cmd === "s") {
        while (/[gpiImMe0-9]/.test(s[i] ?? "")) {
          if (s[i] === "e") out.executes = true;
          i++;
        }
        if (s[i] === "w") {
          i++;
          out.writes.push(restOfLine());
        }
      }
    } else if (cmd === "e") {
      out.executes = true;
      restOfLine();
    } else if (cmd === "w" || cmd === "W") {
      out.writes.push(restOfLine());
    } else if ("aic".includes(cmd)) {
      restOfLine();
    } else if ("rRbtTv:".includes(cmd)) {
      restOfLine();
    } else if ("{}dDgGhHlnNpPqQxz=#".includes(cmd)) {
      if (cmd === "#") restOfLine();
      if ("qQ".includes(cmd)) while (/[0-9 ]/.test(s[i] ?? "") && s[i] !== "\n") i++;
    } else {
      return { ...out, simple: false };
    }
  }
  return out;
}
