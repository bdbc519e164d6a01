// Every slash command the terminal knows, in the order /help lists them. A new group is one
// import and one spread here; a new command is one entry in its group.
import { contextCommands } from "./context";
import { type SlashCommand, SlashRegistry } from "./registry";
import { sessionCommands } from "./session";
import { settingsCommands } from "./settings";

/** Lines /help adds after the commands: input that is not a command, and the keys. */
export const HELP_FOOTER = [
  "# <note>          add a line to a memory file you pick",
  "@path + Tab       complete a file name · ↑/↓ history · Ctrl-R search history",
  "\\ + Enter or Shift+Enter (Alt+Enter) for a new line",
  "Shift+Tab cycles permission modes · Esc or Ctrl-C interrupts · Ctrl-C twice detaches",
];

const help: SlashCommand = {
  name: "help",
  help: "this list",
  run: (host) => host.line([...registry.help(), ...HELP_FOOTER].join("\n")),
};

export const registry: SlashRegistry = new SlashRegistry([
  ...sessionCommands,
  ...settingsCommands,
  ...contextCommands,
  help,
]);
