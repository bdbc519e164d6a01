// git: which invocations are read-only (status, diff, log, show, list-only branch/tag, ...),
// which reach the network, and which options or config make git run another program.
import { own } from "../own.js";
import type { Issue } from "./model.js";
import { staticValue } from "./wrappers.js";
import type { WordInfo } from "./words.js";

export interface GitInfo {
  sub: string | null;
  /** Index in the words of the subcommand (after global options), or -1. */
  subIndex: number;
  /** Static values of the words after the subcommand (null = computed). */
  subArgs: (string | null)[];
  /** `-C dir` arguments, in order. */
  dirs: string[];
  readOnly: boolean;
  network: boolean;
  issues: Issue[];
}

const SAFE_CONFIG_KEY =
  /^(color\..*|user\.(name|email)|core\.quotepath|advice\..*|init\.defaultbranch|log\..*|format\.pretty|diff\.(noprefix|renames|mnemonicprefix|relative|algorithm)|column\..*|i18n\..*|merge\.conflictstyle)$/i;
const EXEC_CONFIG_KEY =
  /^(core\.(pager|editor|sshcommand|fsmonitor|hookspath|askpass|gitproxy|attributesfile)|.*\.textconv|diff\.external|.*\.(command|cmd|driver|program|helper)|alias\..*|credential\..*|gpg\..*|filter\..*|sequence\.editor|uploadpack\..*|include\..*|includeif\..*|remote\..*\.(uploadpack|receivepack|proxy)|pager\..*|url\..*|http\..*|safe\.directory|protocol\..*)$/i;
const GLOBAL_FLAGS = new Set([
  "--no-pager",
  "-P",
  "-p",
  "--paginate",
  "--bare",
  "--no-replace-objects",
  "--literal-pathspecs",
  "--glob-pathspecs",
  "--noglob-pathspecs",
  "--icase-pathspecs",
  "--no-optional-locks",
  "--no-lazy-fetch",
]);
const EXEC_ANYWHERE = /^(--upload-pack|--receive-pack|--exec(=|$)|--extcmd|--tool-cmd|--open-files-in-pager)/;
/** Short options that run a program, per subcommand. */
const EXEC_SHORT: Record<string, RegExp> = {
  clone: /^-u/,
  "ls-remote": /^-u/,
  difftool: /^-x/,
  mergetool: /^-x/,
  grep: /^-O/,
};
const READ_SUBS = new Set([
  "status",
  "diff",
  "log",
  "show",
  "shortlog",
  "whatchanged",
  "blame",
  "annotate",
  "grep",
  "ls-files",
  "ls-tree",
  "rev-parse",
  "rev-list",
  "describe",
  "cat-file",
  "merge-base",
  "name-rev",
  "show-ref",
  "for-each-ref",
  "count-objects",
  "version",
  "check-ignore",
  "check-attr",
  "diff-tree",
  "diff-files",
  "diff-index",
  "var",
]);
const NETWORK_SUBS = new Set([
  "clone",
  "fetch",
  "pull",
  "push",
  "ls-remote",
  "send-email",
  "svn",
  "p4",
  "request-pull",
]);
const DENY_IN_READ =
  /^(--output|--ext-diff|--textconv|--filters|--no-index|--upload-pack|--exec|-O|--open-files-in-pager)/;
const BRANCH_LIST_FLAGS =
  /^(-a|--all|-r|--remotes|-l|--list|-v|-vv|--verbose|--show-current|-i|--ignore-case|--no-color|--no-column|--no-abbrev|--omit-empty|--sort=.*|--format=.*|--color(=.*)?|--column(=.*)?|--abbrev=.*|--(no-)?contains=.*|--(no-)?merged=.*|--points-at=.*|-n[0-9]*)$/;
const BRANCH_VALUED = new Set([
  "--contains",
  "--no-contains",
  "--merged",
  "--no-merged",
  "--points-at",
  "--sort",
  "--format",
]);

export function analyseGit(words: WordInfo[]): GitInfo {
  const info: GitInfo = {
    sub: null,
    subIndex: -1,
    subArgs: [],
    dirs: [],
    readOnly: false,
    network: false,
    issues: [],
  };
  const vals = words.slice(1).map(staticValue);
  let globalsOk = true;
  let i = 0;
  for (; i < vals.length; i++) {
    const v = vals[i] ?? null;
    if (v === null) {
      info.issues.push({ check: "dynamic-command", detail: "git with a computed option or subcommand" });
      return info;
    }
    if (!v.startsWith("-")) break;
    if (v === "-C") info.dirs.push(vals[++i] ?? "");
    else if (v === "-c") {
      const kv = vals[++i] ?? "";
      const key = kv.split("=")[0] ?? "";
      if (EXEC_CONFIG_KEY.test(key) || !SAFE_CONFIG_KEY.test(key)) {
        info.issues.push({ check: "inline-code", detail: `git -c ${key} can make git run another program` });
      }
    } else if (v.startsWith("--config-env") || v.startsWith("--exec-path=")) {
      info.issues.push({ check: "inline-code", detail: `git ${v} can make git run another program` });
    } else if (v === "--git-dir" || v === "--work-tree" || v === "--namespace" || v === "--super-prefix") {
      globalsOk = false;
      i++;
    } else if (!GLOBAL_FLAGS.has(v)) globalsOk = false;
  }
  info.sub = vals[i] ?? null;
  info.subIndex = info.sub === null ? -1 : i + 1;
  info.subArgs = vals.slice(i + 1);
  const sub = info.sub;
  if (sub === null) return info;
  const args = info.subArgs;
  for (const a of args) {
    if (a !== null && (EXEC_ANYWHERE.test(a) || own(EXEC_SHORT, sub)?.test(a))) {
      info.issues.push({ check: "inline-code", detail: `git ${sub} ${a} can run another program` });
    }
  }
  if (
    sub === "rebase" &&
    args.some((a) => a === "-x" || a === "--exec" || (a?.startsWith("--exec=") ?? false))
  ) {
    info.issues.push({ check: "inline-code", detail: "git rebase --exec runs commands" });
  }
  if (
    (sub === "bisect" && args[0] === "run") ||
    (sub === "submodule" && args.includes("foreach")) ||
    sub === "filter-branch"
  ) {
    info.issues.push({ check: "exec-wrapper", detail: `git ${sub} runs commands` });
  }
  if (sub === "config" && isConfigWrite(args) && args.some((a) => a !== null && EXEC_CONFIG_KEY.test(a))) {
    info.issues.push({ check: "code-execution", detail: "git config sets a key that runs a program" });
  }
  info.network =
    NETWORK_SUBS.has(sub) ||
    (sub === "remote" &&
      ["update", "show", "prune", "set-head"].includes(args[0] ?? "") &&
      !args.includes("-n")) ||
    (sub === "submodule" && ["update", "add", "sync"].includes(args[0] ?? "")) ||
    (sub === "lfs" && ["fetch", "pull", "push", "clone"].includes(args[0] ?? "")) ||
    (sub === "archive" && args.some((a) => a?.startsWith("--remote") ?? true));
  info.readOnly = globalsOk && info.issues.length === 0 && !info.network && readOnlySub(sub, args);
  return info;
}

function isConfigWrite(args: (string | null)[]): boolean {
  if (args.some((a) => a === null)) return true;
  const reads = ["--get", "--get-all", "--get-regexp", "--get-urlmatch", "-l", "--list", "get", "list"];
  if (args.some((a) => reads.includes(a ?? ""))) return false;
  return (
    args.filter((a) => !(a ?? "").startsWith("-")).length >= 2 ||
    args.some((a) => /^(--add|--replace-all|set|--edit|-e|edit)$/.test(a ?? ""))
  );
}

function readOnlySub(sub: string, args: (string | null)[]): boolean {
  if (args.some((a) => a === null || DENY_IN_READ.test(a))) return false;
  const a = args as string[];
  const positionals = a.filter((x) => !x.startsWith("-"));
  if (READ_SUBS.has(sub)) return !(sub === "grep" && a.includes("-O"));
  switch (sub) {
    case "branch":
      return listOnly(a, ["-l", "--list"]);
    case "tag":
      return (
        a.every(
          (x) =>
            !/^(-[adsfmFuev]|--delete|--annotate|--sign|--force|--message|--file|--edit|--verify|--create-reflog)/.test(
              x,
            ),
        ) && listOnly(a, ["-l", "--list"])
      );
    case "remote":
      return positionals.length === 0
        ? a.every((x) => x === "-v" || x === "--verbose")
        : positionals[0] === "get-url";
    case "stash":
      return positionals[0] === "list" || positionals[0] === "show";
    case "reflog":
      return positionals.length === 0 || positionals[0] === "show" || positionals[0] === "exists";
    case "worktree":
      return positionals[0] === "list";
    case "config":
      return !isConfigWrite(args);
    case "submodule":
      return positionals[0] === "status" || positionals[0] === "summary";
    case "notes":
      return positionals[0] === "list" || positionals[0] === "show";
    default:
      return false;
  }
}

/** branch/tag: read-only when every option lists and positionals are patterns after `-l`. */
function listOnly(args: string[], listFlags: string[]): boolean {
  const listing = args.some((a) => listFlags.includes(a));
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (BRANCH_VALUED.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith("-")) {
      if (!BRANCH_LIST_FLAGS.test(a)) return false;
    } else if (!listing) return false;
  }
  return true;
}
