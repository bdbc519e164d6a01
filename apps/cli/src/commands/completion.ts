import type { Command } from "commander";

/**
 * `berth completion bash|zsh|fish`: completion scripts generated from the command tree itself,
 * so every command and option `--help` knows is completed, and nothing else.
 */
interface Level {
  /** Subcommand words leading here ("" for the top level), e.g. "daemon logs". */
  path: string;
  commands: Array<{ name: string; description: string }>;
  options: string[];
}

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

function levels(command: Command, path: string[] = []): Level[] {
  const visible = command.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
  const own: Level = {
    path: path.join(" "),
    commands: visible.map((c) => ({ name: c.name(), description: c.description() })),
    options: [
      ...command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f))),
      "--help",
    ],
  };
  return [own, ...visible.flatMap((c) => levels(c, [...path, c.name()]))];
}

const shellWord = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(all: Level[]): string {
  const cases = all
    .map(
      (l) =>
        `    ${shellWord(l.path)}) words="${[...l.commands.map((c) => c.name), ...l.options].join(" ")}" ;;`,
    )
    .join("\n");
  return `# berth completion for bash: add \`eval "$(berth completion bash)"\` to ~/.bashrc
_berth_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    case "\${path:+$path }$word" in
${all.map((l) => `      ${shellWord(l.path)}) path=${shellWord(l.path)} ;;`).join("\n")}
    esac
  done
  local words=""
  case "$path" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -o default -F _berth_complete berth
`;
}

function zsh(all: Level[]): string {
  const cases = all
    .map((l) => {
      const items = [
        ...l.commands.map((c) => `${c.name.replace(/:/g, "\\:")}:${c.description.replace(/'/g, "")}`),
        ...l.options.map((o) => `${o}:`),
      ];
      return `    ${shellWord(l.path)}) items=(${items.map(shellWord).join(" ")}) ;;`;
    })
    .join("\n");
  return `#compdef berth
# berth completion for zsh: add \`eval "$(berth completion zsh)"\` to ~/.zshrc (after compinit)
_berth() {
  local path="" word i
  local -a items known
  known=(${all.map((l) => shellWord(l.path)).join(" ")})
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    [[ "$word" == -* ]] && continue
    if (( \${known[(Ie)\${path:+$path }$word]} )); then path="\${path:+$path }$word"; fi
  done
  case "$path" in
${cases}
  esac
  _describe 'berth' items
}
compdef _berth berth
`;
}

function fish(all: Level[]): string {
  const lines = [
    "# berth completion for fish: berth completion fish > ~/.config/fish/completions/berth.fish",
  ];
  for (const l of all) {
    const parts = l.path ? l.path.split(" ") : [];
    // At a level: every word of its path seen, and none of its subcommands yet.
    const seen = parts.map((p) => `__fish_seen_subcommand_from ${p}`);
    const notDeeper = l.commands.length
      ? [`not __fish_seen_subcommand_from ${l.commands.map((c) => c.name).join(" ")}`]
      : [];
    const cond = [
      ...(parts.length ? seen : ["__fish_use_subcommand"]),
      ...(parts.length ? notDeeper : []),
    ].join("; and ");
    for (const c of l.commands)
      lines.push(
        `complete -c berth -f -n ${shellWord(cond)} -a ${shellWord(c.name)} -d ${shellWord(c.description)}`,
      );
    for (const o of l.options) {
      const flag = o.startsWith("--") ? `-l ${o.slice(2)}` : `-s ${o.slice(1)}`;
      lines.push(`complete -c berth -n ${shellWord(cond)} ${flag}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function completionScript(program: Command, shell: Shell): string {
  const all = levels(program);
  if (shell === "bash") return bash(all);
  if (shell === "zsh") return zsh(all);
  return fish(all);
}
