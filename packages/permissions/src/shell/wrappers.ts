// Looks through the wrappers Claude Code strips before matching (reference §2.2): timeout, time,
// nice, nohup, stdbuf, command, builtin, noglob, `env VAR=val`, bare xargs (plus the busybox
// multi-call form). A wrapper with options we do not know is not looked through: the command asks.
import type { Assignment, Issue } from "./model.js";
import { literalWord, type WordInfo } from "./words.js";

export interface Level {
  /** Words from this level's program onwards. */
  words: WordInfo[];
  /** Static program word as written (`/usr/bin/rm`), or null when not static. */
  program: string | null;
}

export interface Unwrapped {
  levels: Level[];
  inner: Level;
  /** `env VAR=val` assignments, which act like leading assignments of the inner command. */
  envAssignments: Assignment[];
  /** `xargs cmd` appends arguments read from stdin. */
  xargsAppend: boolean;
  /** `command -v`/`-V`: a lookup, nothing runs. */
  lookupOnly: boolean;
  issues: Issue[];
}

/** The word's exact value, when it is a plain literal (no expansion of any kind). */
export function staticValue(w: WordInfo | undefined): string | null {
  if (!w?.isStatic || w.glob || w.brace || w.tilde !== "none" || w.anomaly) return null;
  return w.value;
}

export function basename(p: string): string {
  const i = p.lastIndexOf("/");
  return i >= 0 ? p.slice(i + 1) : p;
}

const DURATION = /^[0-9]+(\.[0-9]+)?[smhd]?$/;

/** Index of the wrapped command after the wrapper's options, or an issue. */
type Step = { at: number } | { issue: string };

function optionsThen(words: WordInfo[], flags: Set<string>, valued: Set<string>, longValued: string[]): Step {
  let i = 1;
  while (i < words.length) {
    const v = staticValue(words[i]);
    if (v === null) return { issue: "a computed wrapper option" };
    if (v === "--") return { at: i + 1 };
    if (!v.startsWith("-") || v === "-") return { at: i };
    if (flags.has(v)) i++;
    else if (valued.has(v)) i += 2;
    else if ([...valued].some((o) => !o.startsWith("--") && v.startsWith(o) && v.length > o.length)) i++;
    else if (longValued.some((o) => v.startsWith(`${o}=`))) i++;
    else return { issue: `unknown option ${v}` };
  }
  return { at: i };
}

function timeoutStep(words: WordInfo[]): Step {
  const s = optionsThen(
    words,
    new Set(["--preserve-status", "--foreground", "-v", "--verbose"]),
    new Set(["-s", "--signal", "-k", "--kill-after"]),
    ["--signal", "--kill-after"],
  );
  if ("issue" in s) return s;
  const d = staticValue(words[s.at]);
  if (d === null || !DURATION.test(d)) return { issue: "timeout without a literal duration" };
  return { at: s.at + 1 };
}

function niceStep(words: WordInfo[]): Step {
  const v = staticValue(words[1]);
  if (v !== null && /^-[0-9]+$/.test(v)) return { at: 2 };
  return optionsThen(words, new Set(), new Set(["-n", "--adjustment"]), ["--adjustment"]);
}

function envStep(words: WordInfo[], assignments: Assignment[]): Step {
  let i = 1;
  while (i < words.length) {
    const w = words[i] as WordInfo;
    const v = staticValue(w);
    if (v === null) {
      // `env $X cmd`: X could be an assignment or the program.
      return { issue: "a computed env argument" };
    }
    if (v === "--") return { at: i + 1 };
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(v);
    if (m) {
      assignments.push({ name: m[1] ?? "", subscript: null, value: literalWord(m[2] ?? ""), raw: v });
      i++;
      continue;
    }
    if (v.startsWith("-")) return { issue: `env option ${v}` };
    return { at: i };
  }
  return { at: i };
}

export function unwrap(words: WordInfo[]): Unwrapped {
  const out: Unwrapped = {
    levels: [],
    inner: { words, program: null },
    envAssignments: [],
    xargsAppend: false,
    lookupOnly: false,
    issues: [],
  };
  let cur = words;
  for (let depth = 0; depth < 16; depth++) {
    const program = staticValue(cur[0]);
    const level: Level = { words: cur, program };
    out.levels.push(level);
    out.inner = level;
    if (program === null || cur.length === 0) break;
    const step = wrapperStep(basename(program), cur, out);
    if (step === null) break;
    if ("issue" in step) {
      out.issues.push({ check: "wrapper-options", detail: `${basename(program)}: ${step.issue}` });
      break;
    }
    if (step.at >= cur.length) {
      if (basename(program) !== "xargs") break; // a wrapper with nothing to run is itself the command
      cur = [literalWord("echo")];
      continue;
    }
    cur = cur.slice(step.at);
  }
  return out;
}

function wrapperStep(name: string, words: WordInfo[], out: Unwrapped): Step | null {
  switch (name) {
    case "timeout":
      return timeoutStep(words);
    case "time":
      return optionsThen(words, new Set(["-p"]), new Set(), []);
    case "nice":
      return niceStep(words);
    case "nohup":
    case "builtin":
    case "noglob":
    case "busybox":
    case "toybox":
      return staticValue(words[1]) === "--" ? { at: 2 } : { at: 1 };
    case "stdbuf":
      return optionsThen(words, new Set(), new Set(["-i", "-o", "-e", "--input", "--output", "--error"]), [
        "--input",
        "--output",
        "--error",
      ]);
    case "command": {
      const v = staticValue(words[1]);
      if (v !== null && /^-[pvV]*[vV][pvV]*$/.test(v)) {
        out.lookupOnly = true;
        return null;
      }
      return optionsThen(words, new Set(["-p"]), new Set(), []);
    }
    case "env":
      return envStep(words, out.envAssignments);
    case "xargs": {
      const v = staticValue(words[1]);
      if (v?.startsWith("-")) return { issue: "xargs with options" };
      out.xargsAppend = true;
      return { at: 1 };
    }
    default:
      return null;
  }
}
