// Options of an allowed program that make it run another program (shell/program-options.ts): a
// command using one is allowed only by a rule that names that use as written.
import type { CompiledRule } from "../rules/compile.js";
import type { SimpleCommand } from "../shell/analyse.js";
import { basename } from "../shell/wrappers.js";

/** Why the command needs approval despite `allow` (null when no such option is used, or the rule
 * names every use). */
export function unnamedProgramOption(c: SimpleCommand, allow: CompiledRule | null): string | null {
  const name = basename(c.unwrapped.inner.program ?? "");
  for (const u of c.optionUses) {
    if (u === null) return `a computed argument of ${name} could be an option that runs another program`;
    if (allow?.rule.text.includes(u.spelled)) continue;
    return `${name} ${u.spelled} makes ${name} use another ${u.row.runs === "project" ? "project" : u.row.runs}${u.row.runs === "project" || u.row.runs === "config" ? ", which can run programs" : ""}; only a rule naming it allows that`;
  }
  return null;
}
