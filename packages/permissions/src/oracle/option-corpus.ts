// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell syntax, not template literals
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

/** Shell code for a program's shim that emulates its documented behaviour: the value of one of
 * its program-running options (attached with `=`, attached to a short option, or in the next
 * word) is run when it is a shim. Only the table's options count, as for the real program; `--`
 * ends options except for make. */
export function optionShimCode(program: string): string {
  const rows = RUNNABLE.filter((r) => r.programs.includes(program));
  if (rows.length === 0) return "";
  const longs = rows.filter((r) => r.option.length > 2 && !r.option.endsWith("=")).map((r) => r.option);
  const spelled = longs.flatMap((o) => (o.startsWith("--") ? [o] : [o, `-${o}`]));
  const assigns = rows.filter((r) => r.option.endsWith("=")).map((r) => r.option.slice(0, -1));
  const shorts = rows.filter((r) => r.option.length === 2).map((r) => r.option.slice(1));
  const cases = [
    ...spelled.map((o) => `    ${o}=*) v="\${a#*=}";;\n    ${o}) want=1;;`),
    ...assigns.map((n) => `    ${n}=*) v="\${a#*=}";;`),
    "    --*) ;;",
    ...shorts.map(
      (l) =>
        `    -${l}|-[A-Za-z]${l}|-[A-Za-z][A-Za-z]${l}) want=1;;\n    -${l}*) v="\${a#-${l}}"; v="\${v#=}";;`,
    ),
  ];
  return [
    'want=""',
    'for a in "$@"; do',
    program === "make" || program === "gmake" ? "" : '  [ "$a" = "--" ] && break',
    '  v=""',
    '  if [ -n "$want" ]; then v="$a"; want=""; else',
    '  case "$a" in',
    ...cases,
    "  esac",
    "  fi",
    '  case "$v" in "${0%/*}"/*) "$v"; exit 0;; esac',
    "done",
  ].join("\n");
}

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
