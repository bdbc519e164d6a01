// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell syntax, not template literals
// Corpus for the differential oracle: a seeded generator of shell commands mixing compound
// operators, quoting styles, expansions, wrappers, redirections, subshells, pipes, assignments,
// ANSI-C quoting and escapes, plus hand-picked tricky cases. `@SHIMS@` stands for the directory of
// logging shims (the runner substitutes it), so absolute program paths stay harmless.

/** Programs the corpus may run; each gets a logging shim. */
export const SHIM_PROGRAMS = [
  "rm",
  "ls",
  "cat",
  "npm",
  "git",
  "curl",
  "wget",
  "touch",
  "mkdir",
  "grep",
  "sed",
  "awk",
  "python3",
  "node",
  "sudo",
  "make",
  "cargo",
  "tee",
  "watch",
  "flock",
  "setsid",
  "ionice",
  "time",
  "head",
  "wc",
  "sort",
  "find",
  "ssh",
  "nc",
];
/** Shims that log and then run the real program, so wrappers are followed for real. `command -p`
 * is never generated: it searches the system PATH and would escape the shims. */
export const EXEC_SHIMS: Record<string, string> = {
  timeout: "/usr/bin/timeout",
  nice: "/usr/bin/nice",
  nohup: "/usr/bin/nohup",
  stdbuf: "/usr/bin/stdbuf",
  env: "/usr/bin/env",
  xargs: "/usr/bin/xargs",
  bash: "/bin/bash",
  sh: "/bin/sh",
};

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROGRAMS = [
  "rm",
  "ls",
  "cat",
  "npm",
  "git",
  "curl",
  "touch",
  "grep",
  "sed",
  "python3",
  "node",
  "echo",
  "printf",
  "true",
  "tee",
  "head",
  "wc",
  "make",
  "find",
  "ssh",
];
const ARGS = [
  "-la",
  "-rf",
  "x",
  "file.txt",
  '"a b"',
  "'c d'",
  "$HOME",
  "$X",
  "${X}",
  '"$X"',
  "*.txt",
  "a{b,c}",
  "~/f",
  "$'q\\n'",
  "a\\ b",
  "--",
  "-c",
  "'rm x'",
  "2",
  "k=v",
  "!x",
  "'!'",
  '"$@"',
  "$1",
  "run",
  "test",
  "status",
  "-e",
  "''",
  '""',
  "$((1+2))",
  "{}",
  "\\;",
  "%s",
  "@SHIMS@/rm",
  "./rm",
  "-n",
  "5",
  "'$(rm)'",
  '"\\$(rm)"',
  "\\$X",
  "a=b",
];
const HAZARD_ARGS = [
  '"$(rm x)"',
  "`rm`",
  "$(echo rm)",
  "<(rm)",
  ">(rm)",
  "${X:-$(rm)}",
  "$((X+1))",
  "${X/a/b}",
  "$[1]",
];
const WRAPPERS = [
  "timeout 5",
  "timeout -s KILL 5",
  "timeout --signal=TERM 1",
  "timeout -k 1 2",
  "timeout 1.5s",
  "nice",
  "nice -n 5",
  "nice -5",
  "nohup",
  "stdbuf -o0",
  "stdbuf -oL",
  "stdbuf --output=L",
  "command",
  "builtin",
  "env",
  "env A=1",
  "env A=1 B=2",
  "env -i",
  "env -u X",
  "env --",
  "xargs",
  "xargs -0",
  "xargs -I{}",
  "time",
  "time -p",
  "sudo",
  "sudo -u root",
  "exec",
  "eval",
  "watch -n 1",
  "flock /tmp/l",
  "setsid",
  "ionice -c 3",
  "timeout 5 nice",
  "nice timeout 5",
  "env timeout 3",
  "command env",
  "nohup nice -n 3",
];
const ASSIGNMENTS = [
  "A=1",
  "P=rm",
  "X=x",
  "PATH=@SHIMS@",
  "LANG=C",
  "NODE_ENV=test",
  "X=$(rm)",
  "X='a b'",
  "GIT_PAGER=cat",
  "IFS=x",
  "BASH_ENV=x",
];
const REDIRECTS = [
  "> out",
  ">> out",
  "2>&1",
  "2>/dev/null",
  "< in",
  '<<< "x"',
  "&> f",
  ">| f",
  "> $F",
  "1>&2",
  ">&-",
  "<<< $(rm)",
  "> ~/f",
  "2> err",
];

interface Style {
  /** Chance of an argument that always makes the analyser ask (substitutions ...). */
  hazard: number;
  /** Chance of an unusual spelling of the program word. */
  spelling: number;
}
const WILD: Style = { hazard: 0.08, spelling: 0.5 };
/** Mostly analysable commands, so the oracle checks many fully-understood ones. */
const TAME: Style = { hazard: 0, spelling: 0.3 };
const TAME_WRAPPERS = WRAPPERS.filter(
  (w) => !/^(sudo|exec|eval|watch|flock|setsid|ionice|env -|xargs -)/.test(w),
);
const TAME_ARGS = ARGS.filter((a) => !a.includes("$") && !a.includes("!"));

function progWord(r: () => number, style: Style): string {
  const p = pick(r, PROGRAMS);
  if (r() >= style.spelling) return p;
  switch (style === TAME ? pick(r, [0, 1, 2, 3, 5]) : Math.floor(r() * 7)) {
    case 0:
      return `'${p}'`;
    case 1:
      return `"${p}"`;
    case 2:
      return p.length > 1 ? `${p[0]}''${p.slice(1)}` : p;
    case 3:
      return `\\${p}`;
    case 4:
      return `$'${p}'`;
    case 5:
      return SHIM_PROGRAMS.includes(p) ? `@SHIMS@/${p}` : p;
    case 6:
      return pick(r, [
        "$P",
        '"$P"',
        "${P}",
        "$(echo rm)",
        "`echo rm`",
        "{rm,-rf}",
        "r*m",
        "$X$P",
        "~/rm",
        '""rm',
        "r\\m",
      ]);
    default:
      return p;
  }
}

export function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function simple(r: () => number, style: Style): string {
  const tame = style === TAME;
  const parts: string[] = [];
  if (r() < 0.2) parts.push(pick(r, tame ? ["A=1", "LANG=C", "NODE_ENV=test", "X='a b'"] : ASSIGNMENTS));
  const wrappers = r() < (tame ? 0.5 : 0.35) ? 1 + Math.floor(r() * 2) : 0;
  for (let i = 0; i < wrappers; i++) parts.push(pick(r, tame ? TAME_WRAPPERS : WRAPPERS));
  parts.push(progWord(r, style));
  const n = Math.floor(r() * 4);
  for (let i = 0; i < n; i++)
    parts.push(r() < style.hazard ? pick(r, HAZARD_ARGS) : pick(r, tame ? TAME_ARGS : ARGS));
  if (r() < 0.25)
    parts.push(
      pick(r, tame ? ["> out", ">> out", "2>&1", "2>/dev/null", "< in", "&> f", "1>&2"] : REDIRECTS),
    );
  return parts.join(" ");
}

function unit(r: () => number, depth: number, style: Style): string {
  const x = r();
  if (depth > 1 || x < 0.7) return simple(r, style);
  const inner = () => command(r, depth + 1, style);
  const simple1 = () => simple(r, style);
  switch (style === TAME ? pick(r, [0, 1, 2, 3, 4, 5, 6, 10]) : Math.floor(r() * 11)) {
    case 0:
      return `( ${inner()} )`;
    case 1:
      return `{ ${inner()}; }`;
    case 2:
      return `if ${simple1()}; then ${inner()}; fi`;
    case 3:
      return `while false; do ${inner()}; done`;
    case 4:
      return `for i in a b; do ${inner()}; done`;
    case 5:
      return `case x in x) ${inner()};; esac`;
    case 6:
      return `! ${simple1()}`;
    case 7:
      return `f() { ${inner()}; }; f`;
    case 8:
      return `bash -c '${simple1().replace(/'/g, "")}'`;
    case 9:
      return `cat <<EOF | ${simple1()}\n$(rm)\nEOF`;
    default:
      return `until true; do ${inner()}; done`;
  }
}

function command(r: () => number, depth: number, style: Style): string {
  const n = 1 + Math.floor(r() * 3);
  let out = unit(r, depth, style);
  for (let i = 1; i < n; i++) {
    out += `${pick(r, [" && ", " || ", "; ", " | ", " |& ", " & ", "\n", " &&\n", " \\\n  && "])}${unit(r, depth, style)}`;
  }
  return out;
}

/** `tame` commands avoid constructs that always ask, so most are fully analysed and checked. */
export function generateCorpus(seed: number, count: number, tame = false): string[] {
  const r = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(command(r, 0, tame ? TAME : WILD));
  return out;
}
