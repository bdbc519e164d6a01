// Program and option lists used by the inline-code inspection (shell/inline.ts).

export const SHELLS = new Set([
  "sh",
  "bash",
  "zsh",
  "dash",
  "ksh",
  "mksh",
  "ash",
  "fish",
  "csh",
  "tcsh",
  "yash",
  "posh",
  "rbash",
]);
export const PRIVILEGE = new Set([
  "sudo",
  "su",
  "doas",
  "pkexec",
  "runuser",
  "sg",
  "newgrp",
  "run0",
  "calife",
]);
export const EXEC_WRAPPERS = new Set([
  "watch",
  "setsid",
  "ionice",
  "flock",
  "chroot",
  "unshare",
  "nsenter",
  "taskset",
  "chrt",
  "script",
  "expect",
  "parallel",
  "strace",
  "ltrace",
  "gdb",
  "lldb",
  "valgrind",
  "systemd-run",
  "dbus-launch",
  "dbus-run-session",
  "xvfb-run",
  "caffeinate",
  "tmux",
  "screen",
  "at",
  "batch",
  "crontab",
  "firejail",
  "bwrap",
  "proot",
  "fakeroot",
  "torsocks",
  "proxychains",
  "proxychains4",
  "catchsegv",
  "hyperfine",
  "entr",
  "unbuffer",
  "chronic",
  "retry",
  "nix-shell",
  "direnv",
  "dotenv",
  "runcon",
  "numactl",
  "cpulimit",
  "trickle",
  "faketime",
  "prlimit",
  "setpriv",
  "capsh",
  "xdg-open",
  "open",
  "launchctl",
  "osascript",
  "start-stop-daemon",
  "daemonize",
  "exec",
]);
/** Programs that run a file they are given (a script, a document's application) rather than a
 * command line: an allow rule naming one explicitly lets it run with any static arguments. */
export const LAUNCHERS = new Set(["source", ".", "open", "xdg-open"]);
export const CODE_BUILTINS = new Set([
  "eval",
  "source",
  ".",
  "trap",
  "fc",
  "bind",
  "complete",
  "compgen",
  "enable",
  "alias",
  "coproc",
]);
/** Options that make a program run another command. */
export const EXEC_OPTIONS: Record<string, string[]> = {
  rg: ["--pre"],
  fd: ["-x", "--exec", "-X", "--exec-batch"],
  fdfind: ["-x", "--exec", "-X", "--exec-batch"],
  tar: [
    "--to-command",
    "--use-compress-program",
    "-I",
    "--checkpoint-action",
    "--info-script",
    "-F",
    "--new-volume-script",
    "--rsh-command",
  ],
  zip: ["-TT", "--unzip-command"],
  rsync: ["-e", "--rsh"],
  sort: ["--compress-program"],
  man: ["-P", "--pager", "-H", "--html"],
  vim: ["-c", "--cmd", "+", "-S"],
  vi: ["-c", "--cmd", "+", "-S"],
  nvim: ["-c", "--cmd", "+", "-S"],
  ex: ["-c", "--cmd", "+", "-S"],
  less: ["+"],
  sdiff: ["--diff-program"],
  ssh: ["-o", "-F"],
  scp: ["-o", "-F", "-S"],
  sftp: ["-o", "-F", "-S", "-D"],
  emacs: ["--eval", "-l", "--load", "-f", "--funcall"],
};

export interface Interp {
  /** Short option letters that take inline code (clustered forms like `-Ic` count). */
  codeLetters: string;
  longCode: string[];
  /** Short options that take a separate value. */
  valued: string;
  info: string[];
}
export const INTERPRETERS: [RegExp, Interp][] = [
  [
    /^(python[0-9.]*|pypy[0-9.]*)$/,
    { codeLetters: "c", longCode: [], valued: "WXm", info: ["-V", "--version", "-h", "--help"] },
  ],
  [
    /^(node|nodejs|tsx|ts-node)$/,
    {
      codeLetters: "ep",
      longCode: ["--eval", "--print"],
      valued: "r",
      info: ["-v", "--version", "-h", "--help", "--test", "--run"],
    },
  ],
  [
    /^bun$/,
    {
      codeLetters: "e",
      longCode: ["--eval", "--print"],
      valued: "",
      info: ["-v", "--version", "-h", "--help"],
    },
  ],
  [
    /^perl[0-9.]*$/,
    { codeLetters: "eE", longCode: [], valued: "IMmx", info: ["-v", "-V", "--version", "-h"] },
  ],
  [
    /^(ruby|irb)$/,
    { codeLetters: "e", longCode: [], valued: "rI", info: ["-v", "--version", "-h", "--help"] },
  ],
  [
    /^php[0-9.]*$/,
    { codeLetters: "rRBEa", longCode: [], valued: "dcz", info: ["-v", "--version", "-h", "-m", "-i"] },
  ],
  [/^(lua|luajit|lua5\.[0-9])$/, { codeLetters: "e", longCode: [], valued: "l", info: ["-v"] }],
  [/^(Rscript|R)$/, { codeLetters: "e", longCode: [], valued: "", info: ["--version"] }],
  [
    /^(pwsh|powershell)$/,
    {
      codeLetters: "ce",
      longCode: ["-Command", "-EncodedCommand", "-ec"],
      valued: "",
      info: ["-v", "-Version"],
    },
  ],
  [
    /^(tclsh|wish|julia|jshell|groovy|scala|guile|racket|sbcl|clisp|ghci|erl|elixir|iex)$/,
    { codeLetters: "e", longCode: ["--eval"], valued: "", info: ["--version", "-v"] },
  ],
];
