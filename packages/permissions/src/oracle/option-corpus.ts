// Oracle corpus for the program-option table (shell/program-options.ts): commands that hand a
// program-running option a logging shim, spelled the ways bash allows. The runner's shims for
// these programs emulate the documented behaviour (they run the program an option names), so the
// oracle fails if the engine trusts such a command without listing what it runs.
import { PROGRAM_OPTIONS } from "../shell/program-options.js";
import { mulberry32, pick } from "./generator.js";

/** Programs whose shims run the program an option names (bash-runner.ts). */
export const OPTION_PROGRAMS = [...new Set(PROGRAM_OPTIONS.flatMap((r) => r.programs))];

const RUNNABLE = PROGRAM_OPTIONS.filter(
  (r) =>
    ["shell", "program", "interpreter", "pager", "editor"].includes(r.runs) &&
    !["*=", "+"].includes(r.option),
);

function spell(r: () => number, option: string): string {
  const target = pick(r, ["@SHIMS@/touch", "@SHIMS@/rm", "'@SHIMS@/touch'"]);
  if (option.endsWith("=")) return `${option}${target}`;
  const short = option.length === 2;
  return pick(r, [
    `${option}=${target}`,
    `${option} ${target}`,
    `'${option}=${target.replace(/'/g, "")}'`,
    short ? `-s${option.slice(1)} ${target}` : `${option}=${target}`,
    `"${option}" ${target}`,
  ]);
}

export function generateOptionCorpus(seed: number, count: number): string[] {
  const r = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const row = pick(r, RUNNABLE);
    const program = pick(r, row.programs);
    const words = [program, pick(r, ["run test", "test", "x", ""]), spell(r, row.option)].filter(Boolean);
    const x = r();
    let cmd = words.join(" ");
    if (x < 0.15) cmd = `timeout 5 ${cmd}`;
    else if (x < 0.25) cmd = `env A=1 ${cmd}`;
    else if (x < 0.35) cmd = `${program} run test -- ${spell(r, row.option)}`;
    else if (x < 0.45) cmd = `O=${spell(r, row.option).replace(/ /g, "=")}; ${program} run test $O`;
    else if (x < 0.55) cmd = `echo ${spell(r, row.option)} | xargs ${program} test`;
    else if (x < 0.65) cmd = `ls && ${cmd}`;
    out.push(cmd);
  }
  return out;
}
