// Commands about what the project tells the agent; the work is in ContextCommands.
import type { SlashCommand } from "./registry";

export const contextCommands: SlashCommand[] = [
  {
    name: "memory",
    args: "[n|approve]",
    help: "memory files and where they came from; /memory <n> opens one in $EDITOR",
    run: async (host, args) => {
      await host.context.slash("memory", args);
    },
  },
  {
    name: "hooks",
    args: "[accept]",
    help: "configured hooks and the file each came from",
    run: async (host, args) => {
      await host.context.slash("hooks", args);
    },
  },
  {
    name: "init",
    help: "ask the model to write a CLAUDE.md for this project",
    run: async (host) => {
      await host.context.slash("init", []);
    },
  },
];
