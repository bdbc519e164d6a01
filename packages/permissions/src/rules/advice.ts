// Advice on allow rules that cannot do what their authors meant. A rule naming only a wrapper
// (`Bash(timeout:*)`, `Bash(xargs:*)`, `Bash(entr:*)`) never allows the program behind it: that
// program must be allowed on its own. `berth permissions` and `berth config` show this advice.
import { EXEC_WRAPPERS, PRIVILEGE } from "../shell/program-lists.js";
import { WILDCARD } from "./glob.js";
import { parseRule } from "./parse.js";

/** Wrappers Berth looks through, with the form of a rule that names the program behind them. */
const LOOKED_THROUGH: Record<string, string> = {
  timeout: "timeout <seconds> <program>",
  time: "time <program>",
  nice: "nice <program>",
  nohup: "nohup <program>",
  stdbuf: "stdbuf -oL <program>",
  command: "command <program>",
  builtin: "builtin <name>",
  noglob: "noglob <program>",
  env: "env NAME=value <program>",
  xargs: "xargs <program>",
};

/** One sentence for a wrapper-only allow rule, or null when the rule is not one. */
export function wrapperOnlyAdvice(text: string): string | null {
  const parsed = parseRule(text, "allow");
  if ("error" in parsed || parsed.type !== "bash") return null;
  const words = parsed.pattern.split(" ");
  const [wrapper, ...rest] = words;
  if (wrapper === undefined || wrapper.includes(WILDCARD)) return null;
  // Everything after the wrapper is an option, a duration, an assignment or a wildcard: no program.
  const noProgram = rest.every(
    (w) =>
      w.includes(WILDCARD) || w.startsWith("-") || /^[0-9.]+[smhd]?$/.test(w) || /^[A-Za-z_]\w*=/.test(w),
  );
  if (!noProgram || !rest.some((w) => w.includes(WILDCARD))) return null;
  const form = LOOKED_THROUGH[wrapper];
  if (form !== undefined)
    return `${text} allows ${wrapper} only around commands that are allowed on their own; to allow a program behind it, name both (Bash(${form}:*)) or allow the program (Bash(<program>:*))`;
  if (EXEC_WRAPPERS.has(wrapper) || PRIVILEGE.has(wrapper))
    return `${text} never allows anything: ${wrapper} runs another command, which Berth always asks about; allow the command itself (Bash(<program>:*)) and run it without ${wrapper}`;
  return null;
}
