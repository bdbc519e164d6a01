// Options and variables with which a program an allow rule names runs another program: a shell,
// interpreter, pager, editor, hook, plugin, or a config file or project that can name one. With
// `Bash(npm run test:*)` allowed, `npm run test --script-shell=/tmp/x.sh` would run /tmp/x.sh; a
// command using one of these asks unless the matching rule itself names the option. Data, one row
// per option, each with a test (program-options.test.ts) and a line in docs/security-model.md.

/** What the option makes the program run or load. */
export type Runs =
  | "shell"
  | "interpreter"
  | "pager"
  | "editor"
  | "hook"
  | "plugin"
  | "config"
  | "project"
  | "program";

export interface OptionRow {
  programs: readonly string[];
  /** `--long` (also `--long=v`), `-x` (also `-xv` and clustered `-ax`), `-long` (single-dash long
   * option, also `--long`, `-long=v`), `NAME=` (a command-line variable), `*=` (any variable), or
   * `+` (a `+toolchain` argument). */
  option: string;
  runs: Runs;
}

const NPM = ["npm"];
const PNPM = ["pnpm"];
const YARN = ["yarn"];
const NPX = ["npx"];
const BUN = ["bun", "bunx"];
const MAKE = ["make", "gmake"];
const CARGO = ["cargo"];
const GO = ["go"];
const MVN = ["mvn", "mvnw"];
const GRADLE = ["gradle", "gradlew"];
const PIP = ["pip", "pip3"];
const UV = ["uv", "uvx"];
const POETRY = ["poetry"];
const GIT = ["git"];
const DOCKER = ["docker", "podman"];
const KUBECTL = ["kubectl", "oc"];
const TERRAFORM = ["terraform", "tofu"];

const row = (programs: readonly string[], option: string, runs: Runs): OptionRow => ({
  programs,
  option,
  runs,
});

export const PROGRAM_OPTIONS: readonly OptionRow[] = [
  row(NPM, "--script-shell", "shell"),
  row(NPM, "--shell", "shell"),
  row(NPM, "-c", "shell"),
  row(NPM, "--call", "shell"),
  row(NPM, "--node-options", "interpreter"),
  row(NPM, "--userconfig", "config"),
  row(NPM, "--globalconfig", "config"),
  row(NPM, "--prefix", "project"),
  row(NPM, "-C", "project"),
  row(NPM, "--editor", "editor"),
  row(NPM, "--browser", "program"),
  row(NPM, "--init-module", "hook"),
  row(PNPM, "--config.", "config"),
  row(PNPM, "--dir", "project"),
  row(PNPM, "-C", "project"),
  row(PNPM, "--node-options", "interpreter"),
  row(PNPM, "-c", "shell"),
  row(PNPM, "--shell-mode", "shell"),
  row(PNPM, "--pnpmfile", "hook"),
  row(PNPM, "--global-pnpmfile", "hook"),
  row(YARN, "--cwd", "project"),
  row(YARN, "--use-yarnrc", "config"),
  row(NPX, "-c", "shell"),
  row(NPX, "--call", "shell"),
  row(NPX, "--shell", "shell"),
  row(NPX, "-p", "program"),
  row(NPX, "--package", "program"),
  row(NPX, "--node-options", "interpreter"),
  row(NPX, "--userconfig", "config"),
  row(NPX, "--prefix", "project"),
  row(BUN, "-c", "config"),
  row(BUN, "--config", "config"),
  row(BUN, "-r", "plugin"),
  row(BUN, "--preload", "plugin"),
  row(BUN, "--shell", "shell"),
  row(BUN, "--cwd", "project"),
  row(BUN, "--env-file", "config"),
  row(MAKE, "SHELL=", "shell"),
  row(MAKE, "*=", "program"),
  row(MAKE, "-f", "config"),
  row(MAKE, "--file", "config"),
  row(MAKE, "--makefile", "config"),
  row(MAKE, "-C", "project"),
  row(MAKE, "--directory", "project"),
  row(MAKE, "-I", "config"),
  row(MAKE, "--include-dir", "config"),
  row(MAKE, "-E", "config"),
  row(MAKE, "--eval", "config"),
  row(CARGO, "--config", "config"),
  row(CARGO, "-Z", "config"),
  row(CARGO, "--manifest-path", "project"),
  row(CARGO, "-C", "project"),
  row(CARGO, "+", "program"),
  row(GO, "-toolexec", "program"),
  row(GO, "-exec", "program"),
  row(GO, "-vettool", "program"),
  row(GO, "-modfile", "config"),
  row(GO, "-overlay", "config"),
  row(GO, "-compiler", "program"),
  row(GO, "-C", "project"),
  row(MVN, "-s", "config"),
  row(MVN, "--settings", "config"),
  row(MVN, "-gs", "config"),
  row(MVN, "--global-settings", "config"),
  row(MVN, "-f", "project"),
  row(MVN, "--file", "project"),
  row(MVN, "-D", "plugin"),
  row(MVN, "-t", "config"),
  row(MVN, "--toolchains", "config"),
  row(GRADLE, "-I", "hook"),
  row(GRADLE, "--init-script", "hook"),
  row(GRADLE, "-c", "config"),
  row(GRADLE, "--settings-file", "config"),
  row(GRADLE, "-b", "project"),
  row(GRADLE, "--build-file", "project"),
  row(GRADLE, "-p", "project"),
  row(GRADLE, "--project-dir", "project"),
  row(GRADLE, "-D", "plugin"),
  row(GRADLE, "--system-prop", "plugin"),
  row(GRADLE, "-P", "plugin"),
  row(GRADLE, "--project-prop", "plugin"),
  row(GRADLE, "-g", "hook"),
  row(GRADLE, "--gradle-user-home", "hook"),
  row(PIP, "--python", "interpreter"),
  row(PIP, "-i", "plugin"),
  row(PIP, "--index-url", "plugin"),
  row(PIP, "--extra-index-url", "plugin"),
  row(PIP, "-f", "plugin"),
  row(PIP, "--find-links", "plugin"),
  row(PIP, "--global-option", "hook"),
  row(PIP, "--build-option", "hook"),
  row(PIP, "--config-settings", "hook"),
  row(UV, "-p", "interpreter"),
  row(UV, "--python", "interpreter"),
  row(UV, "--with", "plugin"),
  row(UV, "--with-requirements", "plugin"),
  row(UV, "--from", "program"),
  row(UV, "--index", "plugin"),
  row(UV, "--index-url", "plugin"),
  row(UV, "--default-index", "plugin"),
  row(UV, "--extra-index-url", "plugin"),
  row(UV, "--find-links", "plugin"),
  row(UV, "--config-file", "config"),
  row(UV, "--directory", "project"),
  row(UV, "--project", "project"),
  row(UV, "--env-file", "config"),
  row(POETRY, "-C", "project"),
  row(POETRY, "--directory", "project"),
  row(POETRY, "-P", "project"),
  row(POETRY, "--project", "project"),
  row(GIT, "-c", "config"),
  row(GIT, "--config-env", "config"),
  row(GIT, "--exec-path", "program"),
  row(DOCKER, "--config", "config"),
  row(DOCKER, "-H", "program"),
  row(DOCKER, "--host", "program"),
  row(DOCKER, "--context", "config"),
  row(KUBECTL, "--kubeconfig", "config"),
  row(KUBECTL, "--context", "config"),
  row(KUBECTL, "--user", "plugin"),
  row(KUBECTL, "-s", "program"),
  row(KUBECTL, "--server", "program"),
  row(TERRAFORM, "-chdir", "project"),
  row(TERRAFORM, "-plugin-dir", "plugin"),
  row(TERRAFORM, "-backend-config", "config"),
];

/** Environment variables with the same effect. Every one is a dangerous variable (shell/env-vars.ts),
 * so setting it on the command line asks whatever the rules say. */
export const PROGRAM_VARIABLES: readonly { programs: readonly string[]; name: string; runs: Runs }[] = [
  { programs: NPM, name: "npm_config_script_shell", runs: "shell" },
  { programs: NPM, name: "NPM_CONFIG_USERCONFIG", runs: "config" },
  { programs: PNPM, name: "PNPM_HOME", runs: "program" },
  { programs: YARN, name: "YARN_RC_FILENAME", runs: "config" },
  { programs: BUN, name: "BUN_CONFIG_REGISTRY", runs: "plugin" },
  { programs: [...NPM, ...NPX, ...BUN], name: "NODE_OPTIONS", runs: "interpreter" },
  { programs: MAKE, name: "SHELL", runs: "shell" },
  { programs: MAKE, name: "MAKEFLAGS", runs: "config" },
  { programs: MAKE, name: "MAKEFILES", runs: "config" },
  { programs: CARGO, name: "RUSTC_WRAPPER", runs: "program" },
  { programs: CARGO, name: "CARGO_BUILD_RUSTC", runs: "program" },
  { programs: CARGO, name: "RUSTFLAGS", runs: "plugin" },
  { programs: GO, name: "GOFLAGS", runs: "program" },
  { programs: GO, name: "GOTOOLCHAIN", runs: "program" },
  { programs: GO, name: "GOENV", runs: "config" },
  { programs: MVN, name: "MAVEN_OPTS", runs: "interpreter" },
  { programs: MVN, name: "MAVEN_ARGS", runs: "config" },
  { programs: [...MVN, ...GRADLE], name: "JAVA_HOME", runs: "interpreter" },
  { programs: GRADLE, name: "GRADLE_OPTS", runs: "interpreter" },
  { programs: GRADLE, name: "GRADLE_USER_HOME", runs: "hook" },
  { programs: PIP, name: "PIP_CONFIG_FILE", runs: "config" },
  { programs: PIP, name: "PIP_INDEX_URL", runs: "plugin" },
  { programs: UV, name: "UV_PYTHON", runs: "interpreter" },
  { programs: UV, name: "UV_CONFIG_FILE", runs: "config" },
  { programs: POETRY, name: "POETRY_CONFIG_DIR", runs: "config" },
  { programs: GIT, name: "GIT_PAGER", runs: "pager" },
  { programs: GIT, name: "GIT_EDITOR", runs: "editor" },
  { programs: GIT, name: "GIT_EXTERNAL_DIFF", runs: "program" },
  { programs: GIT, name: "GIT_CONFIG_GLOBAL", runs: "config" },
  { programs: GIT, name: "GIT_SSH_COMMAND", runs: "program" },
  { programs: [...GIT, ...KUBECTL], name: "EDITOR", runs: "editor" },
  { programs: GIT, name: "PAGER", runs: "pager" },
  { programs: DOCKER, name: "DOCKER_CONFIG", runs: "config" },
  { programs: DOCKER, name: "DOCKER_HOST", runs: "program" },
  { programs: KUBECTL, name: "KUBECONFIG", runs: "config" },
  { programs: KUBECTL, name: "KUBE_EDITOR", runs: "editor" },
  { programs: KUBECTL, name: "KUBECTL_EXTERNAL_DIFF", runs: "program" },
  { programs: TERRAFORM, name: "TF_CLI_CONFIG_FILE", runs: "config" },
  { programs: TERRAFORM, name: "TF_CLI_ARGS", runs: "config" },
  { programs: TERRAFORM, name: "TF_PLUGIN_CACHE_DIR", runs: "plugin" },
];

/** Programs whose arguments after `--` may still be options of theirs (make reads `VAR=v` anywhere). */
const NO_END_OF_OPTIONS = new Set(MAKE);

const byProgram = new Map<string, OptionRow[]>();
for (const r of PROGRAM_OPTIONS)
  for (const p of r.programs) byProgram.set(p, [...(byProgram.get(p) ?? []), r]);

export function hasProgramOptions(program: string): boolean {
  return byProgram.has(program);
}

export interface OptionUse {
  row: OptionRow;
  /** What a rule must contain to name this use: the argument as written, with its value when the
   * value is the next word (`--script-shell=/bin/bash`, `-C sub`, `CC=gcc`), so naming one value
   * never lets another through. */
  spelled: string;
}

/** The rows the arguments use; `null` in the list stands for a computed argument (or value), which
 * could be any of them. */
export function programOptionUses(program: string, args: readonly (string | null)[]): (OptionUse | null)[] {
  const rows = byProgram.get(program);
  if (!rows) return [];
  const out: (OptionUse | null)[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === null || a === undefined) {
      out.push(null);
      continue;
    }
    if (a === "--" && !NO_END_OF_OPTIONS.has(program)) break;
    for (const r of rows) {
      const kind = matches(r.option, a);
      if (kind === null) continue;
      if (kind === "attached") out.push({ row: r, spelled: a });
      else {
        const value = args[i + 1];
        out.push(value === null ? null : { row: r, spelled: value === undefined ? a : `${a} ${value}` });
      }
    }
  }
  return out;
}

/** Whether `arg` uses `option`, with the value attached (or none needed) or in the next word. */
function matches(option: string, arg: string): "attached" | "separate" | null {
  if (option === "*=") return /^[A-Za-z_.][A-Za-z0-9_.-]*[:+?!]*=/.test(arg) ? "attached" : null;
  if (option === "+") return arg.startsWith("+") && arg.length > 1 ? "attached" : null;
  if (option.endsWith("=") || option.endsWith(".")) return arg.startsWith(option) ? "attached" : null;
  if (option.startsWith("--"))
    return arg === option ? "separate" : arg.startsWith(`${option}=`) ? "attached" : null;
  if (option.length === 2) {
    // A short option alone, with its value attached, or clustered after other letters.
    const letters = /^-([A-Za-z]+)/.exec(arg)?.[1];
    const at = letters?.indexOf(option[1] ?? "") ?? -1;
    if (at < 0 || letters === undefined) return null;
    return at === letters.length - 1 && arg.length === letters.length + 1 ? "separate" : "attached";
  }
  // Single-dash long options (`-toolexec`, `-chdir`) also take `--` and `=value`.
  if (!arg.startsWith("-")) return null;
  const bare = arg.replace(/^--?/, "-");
  return bare === option ? "separate" : bare.startsWith(`${option}=`) ? "attached" : null;
}

const RUNS_VALUE = new Set<Runs>(["shell", "program", "interpreter", "pager", "editor"]);

/** The program an option use runs, when its value names it directly (`--script-shell=/bin/zsh`);
 * null when it names a config file, project or plugin that can run anything. */
export function ranByOption(u: OptionUse): string | null {
  if (!RUNS_VALUE.has(u.row.runs) || u.row.option === "*=" || u.row.option === "+") return null;
  const value = u.spelled.includes(" ")
    ? u.spelled.slice(u.spelled.indexOf(" ") + 1)
    : u.spelled.replace(/^[^=]*=/, "");
  return value === "" || value === u.spelled ? null : value;
}
