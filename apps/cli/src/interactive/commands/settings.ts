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
    args: "[remove <rule>]",
    help: "permission rules in force, each with its file; remove a saved one",
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
      if (action === "add") {
        // The daemon writes allow rules only when the user answers "always" to a prompt; there
        // is no method to add an arbitrary rule, and editing settings files is the user's call.
        return host.line(
          style.yellow(
            'Adding rules from here is not supported yet: answer "a" (always) at a permission prompt, or add the rule to .claude/settings.local.json.',
          ),
        );
      }
      if (action)
        return host.line(
          style.yellow(`Unknown /permissions action ${action}; try /permissions remove <rule>.`),
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
