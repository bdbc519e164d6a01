// The built-in read-only command set (reference §2.3, spec §4): commands that run without asking
// when every file they read is inside the working directories. Each command has a validator for
// options that would write or execute; unquoted globs are accepted only for commands whose
// options are all read-only (a glob can expand to a file named like an option).
import type { SimpleCommand } from "./analyse.js";
import type { FileFacts } from "./file-args.js";
import { basename, staticValue } from "./wrappers.js";
import type { WordInfo } from "./words.js";

export interface ReadOnlyHooks {
  /** The (static) path is inside the working directories and may be read. */
  readable: (w: WordInfo, allowGlob: boolean) => boolean;
  /** A directory `cd`/`git -C` may move to. */
  enterable: (path: string) => boolean;
}

export type ReadOnlyResult = { ok: true } | { ok: false; why: string };

const GLOB_OK = new Set([
  "ls",
  "cat",
  "head",
  "tail",
  "wc",
  "stat",
  "du",
  "diff",
  "cmp",
  "comm",
  "nl",
  "tac",
  "strings",
  "hexdump",
  "od",
  "cut",
  "paste",
  "echo",
  "grep",
  "egrep",
  "fgrep",
  "which",
  "type",
  "md5sum",
  "sha1sum",
  "sha224sum",
  "sha256sum",
  "sha384sum",
  "sha512sum",
  "b2sum",
  "cksum",
]);
const PLAIN = new Set([
  ...GLOB_OK,
  "pwd",
  "whoami",
  "id",
  "uname",
  "true",
  "false",
  ":",
  "test",
  "[",
  "[[",
  "basename",
  "dirname",
  "realpath",
  "readlink",
  "seq",
  "tr",
  "rev",
  "fold",
  "expand",
  "unexpand",
  "column",
  "printf",
  "date",
  "hostname",
  "file",
  "tree",
  "sort",
  "uniq",
  "find",
  "cd",
  "git",
  "jq",
  "command",
  "nproc",
  "arch",
  "tty",
  "groups",
  "logname",
  "printenv",
]);
/** Commands whose arguments may be computed because they print nothing. (`echo $SECRET` would
 * hand an environment secret to the model, so echo/printf with variables ask.) */
const DYNAMIC_OK = new Set(["test", "[", "[[", ":", "true", "false"]);
const FIND_BAD = /^-(exec|execdir|ok|okdir|delete|fprint|fprint0|fprintf|fls)$/;

export function readOnlyCheck(cmd: SimpleCommand, facts: FileFacts, hooks: ReadOnlyHooks): ReadOnlyResult {
  const { inner, xargsAppend, levels } = cmd.unwrapped;
  const prog = inner.program;
  if (prog === null) return { ok: false, why: "no program" };
  if (prog.includes("/")) return { ok: false, why: "a program named by path" };
  if (levels.some((l) => l.program === "nohup")) return { ok: false, why: "nohup writes nohup.out" };
  if (xargsAppend) return { ok: false, why: "arguments come from xargs input" };
  const name = basename(prog);
  if (!PLAIN.has(name)) return { ok: false, why: `${name} is not in the read-only set` };
  if (name === "printenv" && inner.words.length === 1)
    return { ok: false, why: "printenv would print every secret" };
  const args = inner.words.slice(1);
  const vals = args.map(staticValue);
  for (const a of args) {
    if (a.glob && a.isStatic && !a.brace) {
      if (!GLOB_OK.has(name)) return { ok: false, why: `unquoted glob with ${name}` };
    } else if (
      staticValue(a) === null &&
      !(a.tilde === "home" && a.isStatic && !a.glob && !a.brace) &&
      !DYNAMIC_OK.has(name)
    ) {
      return { ok: false, why: `a computed argument to ${name}` };
    }
  }
  for (const r of facts.reads)
    if (!hooks.readable(r, GLOB_OK.has(name)))
      return { ok: false, why: "reads outside the working directories" };
  if (facts.writes.length > 0) return { ok: false, why: `${name} writes files` };
  const bad = specific(name, vals, cmd, hooks);
  return bad === null ? { ok: true } : { ok: false, why: bad };
}

function specific(
  name: string,
  vals: (string | null)[],
  cmd: SimpleCommand,
  hooks: ReadOnlyHooks,
): string | null {
  const has = (re: RegExp) => vals.some((v) => v !== null && re.test(v));
  switch (name) {
    case "find":
      return has(FIND_BAD) ? "find with an action that writes or runs commands" : null;
    case "sort":
      return has(/^(-o|--output|--compress-program|-[^-]*o)/) ? "sort -o writes a file" : null;
    case "uniq":
      return vals.filter((v) => v !== null && !v.startsWith("-")).length > 1
        ? "uniq with an output file"
        : null;
    case "tree":
      return has(/^(-o|-R|--fromfile|-[^-]*[oR])/) ? "tree -o/-R writes files" : null;
    case "file":
      return has(/^(-C|-m|-f|--magic-file|--files-from|--compile|-[^-]*[Cmf])/) ? "file -m/-f/-C" : null;
    case "printf":
      return vals[0] === "-v" || vals[0] === null ? "printf -v assigns a variable" : null;
    case "test":
    case "[":
      return has(/^-v$/) ? "test -v evaluates subscripts" : null;
    case "date":
      return vals.every(
        (v) =>
          (v !== null &&
            /^(\+.*|-u|--utc|--universal|-R|--rfc-email|-I[a-z]*|--iso-8601(=.*)?|--rfc-3339=.*|-d|--date=.*|-r|--reference=.*)$/.test(
              v,
            )) ||
          isDateValue(vals, v),
      )
        ? null
        : "date with arguments that may set the clock";
    case "hostname":
      return vals.every(
        (v) =>
          v !== null &&
          /^(-[sfdiIaAy]+|--(short|fqdn|long|domain|ip-address|all-ip-addresses|all-fqdns|alias))$/.test(v),
      )
        ? null
        : "hostname with an argument sets the host name";
    case "command":
      return cmd.unwrapped.lookupOnly ? null : "command runs a program";
    case "cd": {
      const pos = vals.filter((v) => v === null || !/^-[LPe@]+$/.test(v));
      if (pos.length > 1) return "cd with several arguments";
      const target = pos[0];
      if (target === null || target === "-") return "cd to a computed or previous directory";
      return hooks.enterable(target ?? "~") ? null : "cd outside the working directories";
    }
    case "git": {
      const git = cmd.git;
      if (!git?.readOnly) return "git subcommand that may write, run programs or use the network";
      if (git.dirs.some((d) => !hooks.enterable(d))) return "git -C outside the working directories";
      return null;
    }
    case "jq":
      return null;
    default:
      return null;
  }
}

function isDateValue(vals: (string | null)[], v: string | null): boolean {
  const i = vals.indexOf(v);
  return i > 0 && (vals[i - 1] === "-d" || vals[i - 1] === "-r");
}
