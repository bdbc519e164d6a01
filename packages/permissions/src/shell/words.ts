// Evaluates one shell word from its source text, the way bash would before running a command:
// quote removal, escapes, `$'..'` decoding, and flags for everything that makes the value depend
// on the environment (variables, substitutions, globs, braces, tilde). tree-sitter gives word
// boundaries; this lexer gives their meaning. Anything it does not fully understand is recorded
// as an anomaly so the caller fails closed.
import { DYNAMIC } from "../rules/glob.js";
import { decodeAnsiC, findArithmeticEnd, isBraceExpansion } from "./lex-helpers.js";
import { canonicalQuote } from "./quote.js";

export { short, wordHazard } from "./word-hazard.js";

export interface WordInfo {
  raw: string;
  /** Quote-removed value; dynamic parts keep their source text. Exact only when `isStatic`. */
  value: string;
  /** Canonical rendering for rule matching; DYNAMIC when the value is not known. */
  render: string;
  /** No parameter, arithmetic, command or locale expansion (globs/braces/tilde flagged apart). */
  isStatic: boolean;
  glob: boolean;
  brace: boolean;
  tilde: "none" | "home" | "user";
  variable: boolean;
  substitution: boolean;
  /** Arithmetic that may evaluate variables (and through them run code). */
  arithmetic: boolean;
  complexExpansion: boolean;
  ansiC: boolean;
  locale: boolean;
  history: boolean;
  quoted: boolean;
  anomaly: string | null;
}

export interface LexOptions {
  /** Assignment value: tilde also expands after `:`. */
  assignment?: boolean;
  /** Unquoted here-doc body: only `$`, backquote and backslash are special. */
  heredoc?: boolean;
}

const OPERATOR_CHARS = " \t\n;&|<>()";
const SIMPLE_BRACED = /^\$\{(#?)([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])\}/;

class Lexer {
  i = 0;
  stopped = false;
  plainUnquoted = true;
  readonly w: WordInfo;
  constructor(
    readonly raw: string,
    readonly opts: LexOptions,
  ) {
    this.w = { ...plainWordInfo(raw), value: "", render: "" };
  }

  anomaly(why: string): void {
    this.w.anomaly ??= why;
    this.stopped = true;
  }

  run(): WordInfo {
    const { raw } = this;
    if (!this.opts.heredoc) this.tildePrefix();
    while (this.i < raw.length && !this.stopped) {
      const c = raw[this.i] ?? "";
      if (this.opts.heredoc) this.heredocChar(c);
      else this.unquotedChar(c);
    }
    return this.finish();
  }

  tildePrefix(): void {
    const { raw } = this;
    if (raw[this.i] !== "~") return;
    let end = raw.indexOf("/", this.i);
    if (end < 0) end = raw.length;
    const user = raw.slice(this.i + 1, end);
    if (user !== "" && !/^[A-Za-z0-9._+-]+$/.test(user)) return; // quoted or odd: no expansion
    this.w.tilde = user === "" && this.w.tilde !== "user" ? "home" : "user";
    this.w.value += raw.slice(this.i, end);
    this.plainUnquoted = false;
    this.i = end;
  }

  unquotedChar(c: string): void {
    const { raw, w } = this;
    const next = raw[this.i + 1];
    if (c === "\\") {
      if (next === undefined) {
        this.anomaly("trailing backslash");
        return;
      }
      if (next === "\n") {
        this.anomaly("line continuation");
        return;
      }
      w.value += next;
      w.quoted = true;
      this.plainUnquoted = false;
      this.i += 2;
    } else if (c === "'") {
      const end = raw.indexOf("'", this.i + 1);
      if (end < 0) {
        this.anomaly("unterminated quote");
        return;
      }
      w.value += raw.slice(this.i + 1, end);
      w.quoted = true;
      this.plainUnquoted = false;
      this.i = end + 1;
    } else if (c === '"') {
      this.double();
    } else if (c === "$") {
      this.dollar(false);
    } else if (c === "`") {
      w.substitution = true;
      this.stopped = true;
    } else {
      if (OPERATOR_CHARS.includes(c)) {
        this.anomaly(`unexpected ${JSON.stringify(c)} in a word`);
        return;
      }
      if (c === "#" && this.i === 0) {
        this.anomaly("word starts a comment");
        return;
      }
      if (c === "*" || c === "?") w.glob = true;
      if (c === "[" && raw.indexOf("]", this.i + 1) > 0) w.glob = true;
      if (c === "{" && isBraceExpansion(raw, this.i)) w.brace = true;
      if (c === "!" && next !== undefined && !" \t\n=(".includes(next)) w.history = true;
      w.value += c;
      this.i++;
      if (c === ":" && this.opts.assignment) this.tildePrefix();
    }
  }

  double(): void {
    const { raw, w } = this;
    w.quoted = true;
    this.plainUnquoted = false;
    this.i++;
    while (!this.stopped) {
      const c = raw[this.i];
      if (c === undefined) {
        this.anomaly("unterminated double quote");
        return;
      }
      if (c === '"') {
        this.i++;
        return;
      }
      const next = raw[this.i + 1];
      if (c === "\\") {
        if (next === "\n") {
          this.anomaly("line continuation");
          return;
        }
        if (next !== undefined && '$`"\\'.includes(next)) {
          w.value += next;
          this.i += 2;
        } else {
          w.value += c;
          this.i++;
        }
      } else if (c === "$") {
        this.dollar(true);
      } else if (c === "`") {
        w.substitution = true;
        this.stopped = true;
      } else {
        if (c === "!" && next !== undefined && !' \t\n="'.includes(next)) w.history = true;
        w.value += c;
        this.i++;
      }
    }
  }

  heredocChar(c: string): void {
    const { raw, w } = this;
    const next = raw[this.i + 1];
    if (c === "\\" && next !== undefined && "$`\\".includes(next)) {
      w.value += next;
      this.i += 2;
    } else if (c === "\\" && next === "\n") {
      this.i += 2; // a continuation inside a body only joins data lines
    } else if (c === "$") {
      this.dollar(true);
    } else if (c === "`") {
      w.substitution = true;
      this.stopped = true;
    } else {
      w.value += c;
      this.i++;
    }
  }

  dollar(inDouble: boolean): void {
    const { raw, w } = this;
    const rest = raw.slice(this.i);
    const n = rest[1];
    if (n === "'" && !inDouble) {
      this.ansiC();
      return;
    }
    if (n === '"' && !inDouble) {
      // $"..." is translated through the locale catalogue: its value is not knowable here.
      w.locale = true;
      w.isStatic = false;
      this.i++;
      this.double();
      return;
    }
    if (n === "(" && rest[2] === "(") {
      const end = findArithmeticEnd(rest);
      w.isStatic = false;
      if (end < 0 || /[A-Za-z_$`[\]\\'"]/.test(rest.slice(3, end))) {
        w.arithmetic = true;
        this.stopped = true;
        return;
      }
      w.value += rest.slice(0, end + 2);
      this.i += end + 2;
      return;
    }
    if (n === "(") {
      w.substitution = true;
      this.stopped = true;
      return;
    }
    if (n === "[") {
      w.arithmetic = true;
      w.isStatic = false;
      this.stopped = true;
      return;
    }
    if (n === "{") {
      const m = SIMPLE_BRACED.exec(rest);
      if (!m) {
        w.complexExpansion = true;
        w.isStatic = false;
        this.stopped = true;
        return;
      }
      this.variable(m[0]);
      return;
    }
    const name = /^\$([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(rest);
    if (name) {
      this.variable(name[0]);
      return;
    }
    w.value += "$";
    this.i++;
  }

  variable(text: string): void {
    this.w.variable = true;
    this.w.isStatic = false;
    this.w.value += text;
    this.i += text.length;
  }

  ansiC(): void {
    const { w } = this;
    w.ansiC = true;
    w.quoted = true;
    this.plainUnquoted = false;
    const r = decodeAnsiC(this.raw, this.i);
    if ("error" in r) {
      this.anomaly(r.error);
      return;
    }
    w.value += r.value;
    this.i = r.next;
  }

  finish(): WordInfo {
    const { w } = this;
    const dynamic =
      this.stopped ||
      !w.isStatic ||
      w.brace ||
      w.substitution ||
      w.arithmetic ||
      w.complexExpansion ||
      w.tilde === "user";
    if (this.stopped) {
      w.value = this.raw;
      w.isStatic = false;
    }
    if (dynamic) w.render = DYNAMIC;
    else if (w.glob) w.render = this.plainUnquoted && !/[\s'"\\]/.test(this.raw) ? this.raw : DYNAMIC;
    else if (w.tilde === "home") w.render = /^[~A-Za-z0-9_@%+=:,./-]*$/.test(w.value) ? w.value : DYNAMIC;
    else w.render = canonicalQuote(w.value);
    return w;
  }
}

/** A word whose text is its value: nothing to expand, nothing quoted. */
export function plainWordInfo(text: string, tilde: WordInfo["tilde"] = "none"): WordInfo {
  return {
    raw: text,
    value: text,
    render: text,
    isStatic: true,
    glob: false,
    brace: false,
    tilde,
    variable: false,
    substitution: false,
    arithmetic: false,
    complexExpansion: false,
    ansiC: false,
    locale: false,
    history: false,
    quoted: false,
    anomaly: null,
  };
}

export function lexWord(raw: string, opts: LexOptions = {}): WordInfo {
  return new Lexer(raw, opts).run();
}

/** A word made of plain text, for synthetic words (xargs' implied `echo`, keywords). */
export function literalWord(value: string): WordInfo {
  return lexWord(canonicalQuote(value));
}
