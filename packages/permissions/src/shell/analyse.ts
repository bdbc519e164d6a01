// Shell command analysis: raw text → simple commands (wrappers looked through) + every reason the
// command cannot be approved automatically. The policy layer (engine/bash.ts) decides; this layer
// only describes, and errs towards reporting an issue whenever bash might disagree with us.
import type { Node } from "web-tree-sitter";
import { isDangerousVariable } from "./env-vars.js";
import { analyseGit, type GitInfo } from "./git.js";
import { inspect } from "./inline.js";
import { type OptionUse, programOptionUses, ranByOption } from "./program-options.js";
import type { Assignment, Issue, RawCommand, Redirect } from "./model.js";
import type { BashParser } from "./parser.js";
import { walkProgram } from "./walk.js";
import { basename, staticValue, type Unwrapped, unwrap } from "./wrappers.js";
import { literalWord, short, type WordInfo } from "./words.js";

export const MAX_COMMAND_LENGTH = 10_000;
const MAX_DEPTH = 3;

export interface SimpleCommand {
  raw: RawCommand;
  unwrapped: Unwrapped;
  /** Leading assignments plus `env VAR=val` ones. */
  assignments: Assignment[];
  issues: Issue[];
  /** Commands hidden behind wrappers we refuse to look through (deny/ask matching only). */
  hidden: WordInfo[][];
  git: GitInfo | null;
  /** Options with which the program runs another program (program-options.ts); null entries are
   * computed arguments that could be any of them. */
  optionUses: (OptionUse | null)[];
}

export interface ShellAnalysis {
  source: string;
  commands: SimpleCommand[];
  groupRedirects: Redirect[];
  /** Issues not tied to one command (substitutions, parse errors, ...). */
  issues: Issue[];
  /** Inline scripts (`bash -c '...'`, `eval ...`) analysed for deny/ask matching only. */
  inline: ShellAnalysis[];
}

const RESERVED = new Set([
  "if",
  "then",
  "else",
  "elif",
  "fi",
  "do",
  "done",
  "case",
  "esac",
  "while",
  "until",
  "for",
  "in",
  "select",
  "function",
  "{",
  "}",
  "!",
  "[[",
  "]]",
  "coproc",
]);
// Zero-width, bidi controls, invisible fillers and non-ASCII spaces: they make text read
// differently from how the shell splits it.
const INVISIBLE_RANGES: [number, number][] = [
  [0x00a0, 0x00a0],
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x1680, 0x1680],
  [0x17b4, 0x17b5],
  [0x180e, 0x180e],
  [0x2000, 0x200f],
  [0x2028, 0x202f],
  [0x205f, 0x206f],
  [0x3000, 0x3000],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xe0000, 0xe007f],
];

function hasInvisible(s: string): boolean {
  if (/^[\x00-\x7f]*$/.test(s)) return false;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (INVISIBLE_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi)) return true;
  }
  return false;
}

/** `home`, when known, expands `~/` in program words (static, as bash does before running). */
export function analyseShell(parser: BashParser, source: string, depth = 0, home?: string): ShellAnalysis {
  const out: ShellAnalysis = { source, commands: [], groupRedirects: [], issues: [], inline: [] };
  if (source.length > MAX_COMMAND_LENGTH) {
    out.issues.push({
      check: "too-long",
      detail: `command is ${source.length} characters (limit ${MAX_COMMAND_LENGTH})`,
    });
    return out;
  }
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(source)) {
    out.issues.push({
      check: "control-character",
      detail: "command contains NUL or other control characters",
    });
    if (source.includes("\u0000")) return out;
  }
  if (hasInvisible(source))
    out.issues.push({
      check: "unicode-lookalike",
      detail: "command contains invisible or look-alike characters",
    });
  const tree = parser.parse(source);
  if (!tree) {
    out.issues.push({ check: "parse-error", detail: "the shell parser gave up" });
    return out;
  }
  try {
    const root = tree.rootNode;
    if (root.hasError)
      out.issues.push({ check: "parse-error", detail: "the command does not parse as shell syntax" });
    checkContinuations(root, source, out.issues);
    const walked = walkProgram(root);
    out.issues.push(...walked.issues);
    out.groupRedirects = walked.groupRedirects;
    for (const r of walked.groupRedirects) redirectIssues(r, out.issues);
    for (const raw of walked.commands)
      out.commands.push(analyseCommand(raw, parser, depth, out.inline, home));
  } finally {
    tree.delete();
  }
  return out;
}

const GAP_HOSTS = new Set(["command", "redirected_statement", "list", "pipeline", "program"]);

/** A backslash-newline is accepted only where bash and tree-sitter agree on its meaning: after a
 * space, between the words of a command or before/after an operator. Anywhere else (inside a word, after an operator...) the
 * two can split words differently, so it asks. */
function checkContinuations(root: Node, source: string, issues: Issue[]): void {
  for (let at = source.indexOf("\\\n"); at >= 0; at = source.indexOf("\\\n", at + 2)) {
    let slashes = 0;
    for (let k = at; k >= 0 && source[k] === "\\"; k--) slashes++;
    if (slashes % 2 === 0) continue;
    const before = source[at - 1];
    const after = source[at + 2];
    const host = root.descendantForIndex(at);
    const gap = host !== null && GAP_HOSTS.has(host.type);
    if (!(gap && (before === " " || before === "\t") && after !== "#" && after !== undefined)) {
      issues.push({
        check: "line-continuation",
        detail: "a backslash-newline inside a word or between statements",
      });
      return;
    }
  }
}

function analyseCommand(
  raw: RawCommand,
  parser: BashParser,
  depth: number,
  inline: ShellAnalysis[],
  home: string | undefined,
): SimpleCommand {
  const issues: Issue[] = [];
  const hidden: WordInfo[][] = [];
  if (raw.kind === "simple" && home !== undefined)
    raw = { ...raw, words: expandProgramTilde(raw.words, home) };
  const unwrapped: Unwrapped =
    raw.kind === "simple"
      ? unwrap(raw.words)
      : {
          levels: [{ words: raw.words, program: staticValue(raw.words[0]) }],
          inner: { words: raw.words, program: staticValue(raw.words[0]) },
          envAssignments: [],
          xargsAppend: false,
          lookupOnly: false,
          issues: [],
        };
  issues.push(...unwrapped.issues);
  if (raw.kind === "simple") {
    for (const level of unwrapped.levels) {
      const w = level.words[0];
      const problem = w ? programIssue(w) : null;
      if (problem) issues.push(problem);
    }
  }
  const inner = unwrapped.inner.words;
  if (unwrapped.issues.length > 0)
    hidden.push(
      ...inner
        .slice(1)
        .map((_, i) => inner.slice(i + 1))
        .slice(0, 8),
    );
  const found = inspect(inner, unwrapped.lookupOnly);
  issues.push(...found.issues);
  hidden.push(...found.hidden);
  const scripts = [...found.scripts];
  for (const h of found.hidden.slice(0, 4)) scripts.push(...inspect(h, false).scripts);
  if (depth < MAX_DEPTH)
    for (const s of scripts.slice(0, 4)) inline.push(analyseShell(parser, s, depth + 1, home));
  const program = unwrapped.inner.program;
  const git = program !== null && basename(program) === "git" ? analyseGit(inner) : null;
  if (git) issues.push(...git.issues);
  const assignments = [...raw.assignments, ...unwrapped.envAssignments];
  for (const a of assignments) {
    const value = a.value?.isStatic ? a.value.value : undefined;
    if (isDangerousVariable(a.name, value))
      issues.push({ check: "dangerous-variable", detail: `sets ${a.name}` });
  }
  for (const r of raw.redirects) redirectIssues(r, issues);
  const optionUses =
    program === null
      ? []
      : programOptionUses(basename(program), [
          ...inner.slice(1).map(staticValue),
          // `xargs npm ...` appends words read from stdin: they could be any option.
          ...(unwrapped.xargsAppend ? [null] : []),
        ]);
  return { raw, unwrapped, assignments, issues, hidden, git, optionUses };
}

/** `~/bin/x` in command position (also behind wrappers) is as static as `/home/me/bin/x`: bash
 * expands it from HOME, which the analyser refuses to see changed (dangerous variable). */
function expandProgramTilde(words: WordInfo[], home: string): WordInfo[] {
  if (!words.some(isHomeTilde)) return words;
  let out = words;
  for (let round = 0; round < 4; round++) {
    const at = unwrap(out)
      .levels.map((l) => out.length - l.words.length)
      .filter((i) => isHomeTilde(out[i]));
    if (at.length === 0) return out;
    out = out.map((w, i) => (at.includes(i) ? literalWord(home.replace(/\/+$/, "") + w.value.slice(1)) : w));
  }
  return out;
}

function isHomeTilde(w: WordInfo | undefined): w is WordInfo {
  return (
    w !== undefined &&
    w.tilde === "home" &&
    w.isStatic &&
    !w.glob &&
    !w.brace &&
    !w.anomaly &&
    !w.ansiC &&
    w.value.startsWith("~/")
  );
}

function programIssue(w: WordInfo): Issue | null {
  const what = short(w.raw);
  if (w.substitution || w.arithmetic || w.complexExpansion || w.anomaly) return null; // reported by the walker
  if (!w.isStatic || w.glob || w.brace || w.tilde !== "none") {
    return { check: "dynamic-command", detail: `the program name ${what} is computed when the command runs` };
  }
  if (w.ansiC) return { check: "ansi-c-command", detail: `the program name ${what} uses $'...' quoting` };
  if (/[^\x20-\x7e]/.test(w.value))
    return { check: "unicode-lookalike", detail: `the program name ${what} has non-ASCII characters` };
  if (w.value === "" || w.value.startsWith("-") || !/^[A-Za-z0-9._+/@:%,[-]+$/.test(w.value)) {
    return { check: "unusual-command-name", detail: `unusual program name ${what}` };
  }
  if (RESERVED.has(w.value))
    return { check: "unsupported-syntax", detail: `shell keyword ${what} used as a command` };
  return null;
}

function redirectIssues(r: Redirect, issues: Issue[]): void {
  const t = r.target;
  if (!t) return;
  if (r.kind === "dup") {
    if (staticValue(t) === null)
      issues.push({ check: "dynamic-redirect", detail: `redirect ${short(r.raw)}` });
    return;
  }
  if (r.kind === "herestring") return;
  if (!t.isStatic || t.glob || t.brace || t.tilde === "user") {
    issues.push({
      check: "dynamic-redirect",
      detail: `redirect target ${short(t.raw)} is computed when the command runs`,
    });
  }
}

/** Every program name the command may run, outermost wrapper first (descriptions, oracle). */
export function programsOf(a: ShellAnalysis): string[] {
  const out: string[] = [];
  for (const c of a.commands) {
    for (const level of c.unwrapped.levels) if (level.program !== null) out.push(level.program);
    for (const u of c.optionUses) {
      const ran = u === null ? null : ranByOption(u);
      if (ran !== null) out.push(ran);
    }
  }
  for (const sub of a.inline) out.push(...programsOf(sub));
  return [...new Set(out)];
}

/** Whether every program the command may run is known: no option hands a program a config file,
 * project or computed value that could name another one. */
export function programsKnown(a: ShellAnalysis): boolean {
  const known = (x: ShellAnalysis): boolean =>
    x.commands.every((c) => c.optionUses.every((u) => u !== null && ranByOption(u) !== null)) &&
    x.inline.every(known);
  return known(a);
}

export function allIssues(a: ShellAnalysis): Issue[] {
  return [...a.issues, ...a.commands.flatMap((c) => c.issues)];
}
