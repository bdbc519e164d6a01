// A small glob matcher for the places tinyglobby cannot serve: filtering paths during Grep's own
// directory walk, .gitignore rules, and LS's ignore list. Supports *, **, ?, [...], {a,b}.

function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** Converts a glob to a regular expression matching a whole slash-separated relative path. */
export function globToRegExp(glob: string, options: { caseInsensitive?: boolean } = {}): RegExp {
  let re = "";
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*") {
      if (glob[i + 1] === "*") {
        // "**/" matches zero or more directories; a trailing "**" matches everything below.
        const atStart = i === 0 || glob[i - 1] === "/";
        i++;
        if (glob[i + 1] === "/" && atStart) {
          i++;
          re += "(?:[^/]*/)*";
        } else {
          re += ".*";
        }
      } else {
        re += "[^/]*";
      }
    } else if (ch === "?") {
      re += "[^/]";
    } else if (ch === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close === -1) {
        re += "\\[";
      } else {
        let body = glob.slice(i + 1, close).replace(/\\/g, "\\\\");
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        re += `[${body}]`;
        i = close;
      }
    } else if (ch === "{") {
      braces++;
      re += "(?:";
    } else if (ch === "}" && braces > 0) {
      braces--;
      re += ")";
    } else if (ch === "," && braces > 0) {
      re += "|";
    } else if (ch === "\\" && i + 1 < glob.length) {
      i++;
      re += escapeChar(glob[i]!);
    } else {
      re += escapeChar(ch);
    }
  }
  while (braces-- > 0) re += ")";
  return new RegExp(`^${re}$`, options.caseInsensitive ? "i" : "");
}

/**
 * A matcher with ripgrep's --glob semantics: a pattern without a slash matches the file name at
 * any depth ("*.ts"), one with a slash matches the path relative to the search root.
 */
export function pathMatcher(glob: string): (relPath: string) => boolean {
  const trimmed = glob.replace(/^\.\//, "").replace(/^\//, "");
  if (!trimmed.includes("/")) {
    const re = globToRegExp(trimmed);
    return (rel) => re.test(rel.slice(rel.lastIndexOf("/") + 1));
  }
  const re = globToRegExp(trimmed);
  return (rel) => re.test(rel);
}
