// Commands about what governs the session: permission rules, settings, and the health checks,
// each printing what the matching `berth` subcommand prints.
import { configLines, permissionLines } from "../../commands/policy";
import { doctorLines } from "../../commands/doctor";
import { mcpOverview } from "../../commands/mcp";
import { style } from "../style";
import type { SlashCommand } from "./registry";

export const settingsCommands: SlashCommand[] = [
  {
    name: "permissions",
    aliases: ["allowed-tools"],
    args: "[add|remove <rule>]",
    help: "permission rules in force, each with its file; add or remove a saved allow rule",
    run: async (host, args) => {
      const [action, ...rest] = args;
      const rule = rest.join(" ");
      if (action === "remove" && rule) {
        const r = await host.conn.request("permissions/remove", { cwd: process.cwd(), rule });
        return host.line(
          r.removed
            ? style.green(`Removed ${rule} from ${r.file}`)
            : style.yellow(`${rule} is not saved in ${r.file}`),
        );
      }
      if (action === "add" && rule) {
        const r = await host.conn.request("permissions/add", { cwd: process.cwd(), rule });
        return host.line(
          r.added ? style.green(`Added ${rule} to ${r.file}`) : style.dim(`${rule} is already in ${r.file}`),
        );
      }
      if (action)
        return host.line(
          style.yellow(`Unknown /permissions action ${action}; try /permissions add|remove <rule>.`),
        );
      const { rules, diagnostics } = await host.conn.request("permissions/list", { cwd: process.cwd() });
      host.line(permissionLines(rules, diagnostics, "/permissions remove").join("\n"));
    },
  },
  {
    name: "mcp",
    args: "[name]",
    help: "MCP servers of this folder: approval, status, tools",
    run: async (host, args) => {
      host.line(await mcpOverview(host.conn, args[0]));
    },
  },
  {
    name: "config",
    help: "effective settings, each value with the file it came from",
    run: async (host) => {
      const result = await host.conn.request("config/get", { cwd: process.cwd() });
      host.line(configLines(result, true).join("\n"));
    },
  },
  {
    name: "doctor",
    help: "check the installation, daemon, policy, settings, trust and credentials",
    run: async (host) => {
      host.line((await doctorLines(host.conn)).lines.join("\n"));
    },
  },
];
