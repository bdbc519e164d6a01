// Programs that run code the analyser cannot see: interpreters given inline code, shells reading
// stdin, builtins that evaluate strings or change how later commands are read, exec wrappers,
// privilege escalation and options that run other programs. Each yields an issue (never
// approvable) plus, where possible, the hidden command or script so deny rules still apply.
import { own } from "../own.js";
import type { Findings, Issue } from "./model.js";
import {
  CODE_BUILTINS,
  EXEC_OPTIONS,
  EXEC_WRAPPERS,
  type Interp,
  INTERPRETERS,
  LAUNCHERS,
  PRIVILEGE,
  SHELLS,
} from "./program-lists.js";
import { builtinState, nonOptions } from "./builtins.js";
import { scanSed } from "./sed.js";
import { basename, staticValue } from "./wrappers.js";
import type { WordInfo } from "./words.js";

export type { Findings };

export function inspect(words: WordInfo[], lookupOnly: boolean): Findings {
  const f: Findings = { issues: [], hidden: [], scripts: [] };
  const prog = staticValue(words[0]);
  if (prog === null || lookupOnly) return f;
  const name = basename(prog);
  const args = words.slice(1);
  const vals = args.map(staticValue);
  const issue = (check: Issue["check"], detail: string) => f.issues.push({ check, detail });

  const launcher = LAUNCHERS.has(name) && vals.every((v) => v !== null);
  if (CODE_BUILTINS.has(name)) {
    if (launcher)
      f.issues.push({
        check: "code-execution",
        detail: `${name} runs a script in this shell`,
        launcher: name,
      });
    else issue("code-execution", `${name} runs code given as text`);
    if ((name === "eval" || name === "trap") && vals.length > 0 && vals.every((v) => v !== null)) {
      f.scripts.push(name === "trap" ? (vals[0] ?? "") : vals.join(" "));
    }
    if (name === "coproc") f.hidden.push(...suffixes(words, 1));
    return f;
  }
  if (name === "exec") {
    issue(args.length > 0 ? "code-execution" : "shell-state", "exec replaces or rewires the shell");
    f.hidden.push(...suffixes(words, 1));
    return f;
  }
  if (PRIVILEGE.has(name) || EXEC_WRAPPERS.has(name)) {
    if (launcher)
      f.issues.push({
        check: "exec-wrapper",
        detail: `${name} opens a file with another program`,
        launcher: name,
      });
    else issue(PRIVILEGE.has(name) ? "privilege-escalation" : "exec-wrapper", `${name} runs another command`);
    f.hidden.push(...suffixes(words, 1));
    const c = vals.findIndex((v) => v === "-c" || v === "--command");
    if (c >= 0 && vals[c + 1]) f.scripts.push(vals[c + 1] ?? "");
    if (name === "watch" && vals.every((v) => v !== null)) f.scripts.push(nonOptions(vals).join(" "));
    return f;
  }
  if (SHELLS.has(name)) return shell(name, vals, f);
  for (const [re, spec] of INTERPRETERS) if (re.test(name)) return interpreter(name, vals, spec, f);
  if (/^(awk|gawk|mawk|nawk)$/.test(name)) return awk(name, vals, f);
  if (name === "sed") {
    for (const script of sedScripts(vals)) {
      const scan = script === null ? null : scanSed(script);
      if (!scan?.simple || scan.executes) issue("inline-code", "sed script that may run commands");
    }
    return f;
  }
  if (name === "find") {
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i] ?? null;
      if (v === "-exec" || v === "-execdir" || v === "-ok" || v === "-okdir") {
        issue("find-exec", `find ${v} runs another command`);
        let end = i + 1;
        while (end < vals.length && vals[end] !== ";" && vals[end] !== "+") end++;
        f.hidden.push(args.slice(i + 1, end));
      } else if (v === "-delete") issue("find-exec", "find -delete removes files");
    }
    return f;
  }
  if (name === "git") return f; // see git.ts
  const execOpts = own(EXEC_OPTIONS, name);
  if (execOpts) {
    for (const v of vals) {
      if (v !== null && execOpts.some((o) => v === o || v.startsWith(o.startsWith("--") ? `${o}=` : o))) {
        issue("exec-wrapper", `${name} ${v} runs another program`);
      }
    }
  }
  return builtinState(name, vals, f);
}

function shell(name: string, vals: (string | null)[], f: Findings): Findings {
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i] ?? null;
    if (v === null) {
      f.issues.push({ check: "inline-code", detail: `${name} with a computed argument` });
      return f;
    }
    if (v === "--command" || (/^[-+][A-Za-z]+$/.test(v) && v.slice(1).includes("c"))) {
      f.issues.push({ check: "inline-code", detail: `${name} -c runs a script given as text` });
      const script = vals.slice(i + 1).find((x) => x === null || !x.startsWith("-"));
      if (script) f.scripts.push(script);
      return f;
    }
    if (v === "-o" || v === "+o" || v === "-O" || v === "+O" || v === "--rcfile" || v === "--init-file") {
      i++;
      continue;
    }
    if (v === "-s" || v === "-" || v === "-i") break;
    if (v === "--version" || v === "--help") return f;
    if (!v.startsWith("-") && !v.startsWith("+")) return f; // a script file
  }
  f.issues.push({ check: "interpreter-stdin", detail: `${name} would read commands from its input` });
  return f;
}

function interpreter(name: string, vals: (string | null)[], spec: Interp, f: Findings): Findings {
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i] ?? null;
    if (v === null) {
      f.issues.push({ check: "inline-code", detail: `${name} with a computed argument` });
      return f;
    }
    if (spec.info.includes(v)) return f;
    if (spec.longCode.some((o) => v === o || v.startsWith(`${o}=`))) {
      f.issues.push({ check: "inline-code", detail: `${name} ${v} runs code given as text` });
      return f;
    }
    if (/^-[A-Za-z]/.test(v) && !v.startsWith("--")) {
      const letters = v.slice(1);
      for (let k = 0; k < letters.length; k++) {
        const l = letters[k] ?? "";
        if (spec.codeLetters.includes(l)) {
          f.issues.push({ check: "inline-code", detail: `${name} -${l} runs code given as text` });
          return f;
        }
        if (spec.valued.includes(l)) {
          if (k === letters.length - 1) i++;
          if (l === "m" && /^python|^pypy/.test(name)) return f; // -m module: runs an installed module
          break;
        }
      }
      continue;
    }
    if (v.startsWith("--") || v === "-") {
      if (v === "-") break;
      continue;
    }
    return f; // script file
  }
  f.issues.push({ check: "interpreter-stdin", detail: `${name} would read code from its input` });
  return f;
}

function awk(name: string, vals: (string | null)[], f: Findings): Findings {
  let program: string | null | undefined;
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i] ?? null;
    if (v === "-f" || (v?.startsWith("--file") ?? false)) return f;
    if (v === "-F" || v === "-v") {
      i++;
      continue;
    }
    if (v === null || v === "-e" || v === "--source" || !v.startsWith("-") || v === "--") {
      program = v === "-e" || v === "--source" || v === "--" ? vals[i + 1] : v;
      break;
    }
  }
  if (program === null || (program !== undefined && /system|getline|\||>|ENVIRON/.test(program))) {
    f.issues.push({ check: "inline-code", detail: `${name} program that runs commands or writes files` });
  }
  return f;
}

/** Scripts given to sed (null when computed). */
export function sedScripts(vals: (string | null)[]): (string | null)[] {
  const scripts: (string | null)[] = [];
  let sawFile = false;
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i] ?? null;
    if (v === "-e" || v === "--expression") scripts.push(vals[++i] ?? null);
    else if (v?.startsWith("--expression=")) scripts.push(v.slice(13));
    else if (v === "-f" || v === "--file" || v?.startsWith("--file=")) {
      sawFile = true;
      if (v === "-f" || v === "--file") i++;
    } else if (v?.startsWith("-e") && v.length > 2) scripts.push(v.slice(2));
    else if (v === "-l") i++;
  }
  if (scripts.length === 0 && !sawFile) {
    const first = firstPositional(vals, new Set(["-l"]));
    scripts.push(first === undefined ? "" : first);
  }
  // A script from a file cannot be read here: treat it as possibly executing.
  if (sawFile) scripts.push(null);
  return scripts;
}

function firstPositional(vals: (string | null)[], valued: Set<string>): string | null | undefined {
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i] ?? null;
    if (v === null) return null;
    if (v === "--") return vals[i + 1];
    if (valued.has(v)) i++;
    else if (!v.startsWith("-") || v === "-") return v;
  }
  return undefined;
}

/** Suffixes of `words` starting at each non-option word: every way a wrapper could continue. */
function suffixes(words: WordInfo[], from: number): WordInfo[][] {
  const out: WordInfo[][] = [];
  for (let i = from; i < words.length && out.length < 8; i++) {
    const v = staticValue(words[i]);
    if (v === null || !v.startsWith("-")) out.push(words.slice(i));
  }
  return out;
}
