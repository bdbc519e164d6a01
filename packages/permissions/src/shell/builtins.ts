// Builtins that change how later commands are read (set, shopt, hash -p ...) or assign through
// names that may be evaluated (read, printf -v, getopts).
import { isDangerousVariable } from "./env-vars.js";
import type { Findings, Issue } from "./model.js";

const SAFE_SET = /^(pipefail|errexit|nounset|xtrace|verbose|errtrace|noclobber|functrace)$/;

export function builtinState(name: string, vals: (string | null)[], f: Findings): Findings {
  const issue = (check: Issue["check"], detail: string) => f.issues.push({ check, detail });
  if (name === "let") issue("arithmetic", "let evaluates arithmetic");
  else if ((name === "mapfile" || name === "readarray") && vals.includes("-C"))
    issue("code-execution", `${name} -C runs a callback`);
  else if (name === "hash" && vals.includes("-p")) issue("shell-state", "hash -p remaps a command name");
  else if (name === "shopt" && vals.some((v) => v === "-s" || v === "-u" || v === null))
    issue("shell-state", "shopt changes how the shell reads commands");
  else if (name === "history" && vals.some((v) => v === "-s" || v === "-r" || v === "-n" || v === null))
    issue("shell-state", "history rewrites command history");
  else if (["declare", "typeset", "local", "export", "readonly"].includes(name))
    issue("shell-state", `${name} run through a wrapper`);
  else if (name === "set") {
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i] ?? null;
      if (v === "--" || v === "-") break;
      if (v === null || !/^[-+][euxvECBH]*o?$/.test(v)) {
        issue("shell-state", `set ${v ?? "(computed)"} changes how the shell reads commands`);
        break;
      }
      if (v.endsWith("o") && !SAFE_SET.test(vals[++i] ?? "")) {
        issue("shell-state", `set -o ${vals[i] ?? ""}`);
        break;
      }
    }
  } else if (["read", "printf", "getopts", "mapfile", "readarray"].includes(name)) {
    const names = name === "printf" ? (vals[0] === "-v" ? [vals[1] ?? null] : []) : nonOptions(vals);
    for (const n of name === "getopts" ? names.slice(1, 2) : names) {
      if (n === null || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n))
        issue("arithmetic", `${name} assigns through a computed name`);
      else if (isDangerousVariable(n)) issue("dangerous-variable", `${name} sets ${n}`);
    }
  }
  return f;
}

export function nonOptions(vals: (string | null)[]): (string | null)[] {
  return vals.filter((v) => v === null || !v.startsWith("-"));
}
