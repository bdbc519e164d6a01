// `berth mcp list|get|add|remove|approve|revoke|reset-project-choices`: the MCP servers this
// folder's sessions would see, and the user's decisions about the project's `.mcp.json` servers.
import type { BerthConnection } from "@berth/client";
import type { EventOf, McpServerInfo } from "@berth/protocol";
import type { Command } from "commander";
import { Option } from "commander";
import { connectOrStart, sessionEnvironment } from "../connect";
import { style } from "../interactive/style";

type Run = (task: Promise<number>) => Promise<void>;

async function withConn(task: (conn: BerthConnection) => Promise<number>): Promise<number> {
  const conn = await connectOrStart();
  try {
    return await task(conn);
  } finally {
    await conn.close();
  }
}

const here = () => ({ cwd: process.cwd(), env: sessionEnvironment() });
const print = (text: string) => process.stdout.write(`${text}\n`);
const json = (value: unknown) => print(JSON.stringify(value, null, 2));

const APPROVAL_STYLE: Record<McpServerInfo["approval"], (s: string) => string> = {
  approved: style.green,
  pending: style.yellow,
  rejected: style.dim,
  denied: style.red,
  untrusted: style.yellow,
  incomplete: style.red,
};

/** One line per server: name, scope, transport, approval, status, tool count. */
export function formatServerLine(s: McpServerInfo): string {
  const target = s.transport === "stdio" ? [s.command, ...(s.args ?? [])].join(" ") : (s.url ?? "");
  const tools = s.status === "connected" ? `${s.toolCount} tools` : s.status;
  return `${style.bold(s.name)} ${style.dim(`${s.scope} ${s.transport}`)} ${APPROVAL_STYLE[s.approval](s.approval)} ${tools}  ${style.dim(target)}`;
}

export function formatServerDetail(s: McpServerInfo): string {
  const lines = [
    `${style.bold(s.name)} (${s.scope}, ${s.transport}) from ${s.source}`,
    s.transport === "stdio"
      ? `  command: ${s.command}\n  args: ${JSON.stringify(s.args ?? [])}\n  env keys: ${(s.envKeys ?? []).join(", ") || "(none)"}`
      : `  url: ${s.url}\n  header keys: ${(s.headerKeys ?? []).join(", ") || "(none)"}`,
    `  approval: ${APPROVAL_STYLE[s.approval](s.approval)} (${s.reason})`,
    ...(s.changes?.length
      ? [`  changed since your last decision:\n${s.changes.map((c) => `    - ${c}`).join("\n")}`]
      : []),
    `  status: ${s.status}${s.detail ? ` (${s.detail})` : ""}`,
    ...(s.tools?.length ? [`  tools: ${s.tools.join(", ")}`] : []),
  ];
  return lines.join("\n");
}

/** A session's `mcp_status` event, as one line of the transcript. */
export function mcpStatusLine(event: EventOf<"mcp_status">): string {
  const what =
    event.status === "connected"
      ? `connected (${event.toolCount} tools)`
      : `${event.status}${event.detail ? `: ${event.detail}` : ""}`;
  const text = `MCP server ${event.server} ${what}`;
  return event.status === "failed" || event.status === "denied" ? style.red(text) : style.dim(text);
}

/** `/mcp` in the interactive session: the list, or one server in detail. */
export async function mcpOverview(conn: BerthConnection, name?: string): Promise<string> {
  if (name) return formatServerDetail((await conn.request("mcp/get", { ...here(), name })).server);
  const { servers, diagnostics } = await conn.request("mcp/list", here());
  if (servers.length === 0 && diagnostics.length === 0)
    return "No MCP servers configured. Add one with `berth mcp add`.";
  return [...servers.map(formatServerLine), ...diagnostics.map(formatDiagnosticLine)].join("\n");
}

function formatDiagnosticLine(d: {
  severity: string;
  file: string;
  line?: number;
  key?: string;
  message: string;
}): string {
  const tag = d.severity === "error" ? style.red("error") : style.yellow("warning");
  return `${tag} ${d.file}${d.line ? `:${d.line}` : ""}${d.key ? ` (${d.key})` : ""}: ${d.message}`;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function parsePairs(values: string[] | undefined, separator: RegExp, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const m = separator.exec(v);
    if (!m || m.index === 0)
      throw new Error(`${what} must look like KEY${what === "--env" ? "=" : ": "}value: ${v}`);
    out[v.slice(0, m.index).trim()] = v.slice(m.index + m[0].length).trim();
  }
  return out;
}

export function registerMcpCommands(program: Command, run: Run): void {
  const mcp = program.command("mcp").description("MCP servers: list, inspect, add, remove, approve");
  mcp
    .command("list", { isDefault: true })
    .description("servers this folder's sessions see: scope, transport, approval, status, tools")
    .option("--json", "machine-readable output")
    .action((opts) =>
      run(
        withConn(async (conn) => {
          const result = await conn.request("mcp/list", here());
          if (opts.json) json(result);
          else {
            if (result.servers.length === 0 && result.diagnostics.length === 0)
              print("No MCP servers configured. Add one with `berth mcp add`.");
            for (const s of result.servers) print(formatServerLine(s));
            for (const d of result.diagnostics) print(formatDiagnosticLine(d));
          }
          return result.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
        }),
      ),
    );
  mcp
    .command("get")
    .description("one server in detail")
    .argument("<name>")
    .option("--json", "machine-readable output")
    .action((name: string, opts) =>
      run(
        withConn(async (conn) => {
          const { server } = await conn.request("mcp/get", { ...here(), name });
          if (opts.json) json(server);
          else print(formatServerDetail(server));
          return 0;
        }),
      ),
    );
  mcp
    .command("add")
    .description(
      "add a server: berth mcp add <name> -- <command> [args...], or --transport http|sse <name> <url>",
    )
    .argument("<name>")
    .argument("<command-or-url>")
    .argument("[args...]")
    .addOption(
      new Option("-s, --scope <scope>", "where to save it")
        .choices(["local", "project", "user"])
        .default("local"),
    )
    .addOption(
      new Option("-t, --transport <transport>", "how to reach it")
        .choices(["stdio", "http", "sse"])
        .default("stdio"),
    )
    .option("-e, --env <KEY=value>", "environment for a stdio server (repeatable)", collect, [])
    .option("-H, --header <header>", 'a header for a remote server, "Key: value" (repeatable)', collect, [])
    .option("--json", "machine-readable output")
    .action((name: string, target: string, args: string[], opts) =>
      run(
        withConn(async (conn) => {
          const server =
            opts.transport === "stdio"
              ? { command: target, args, env: parsePairs(opts.env, /=/, "--env") }
              : { type: opts.transport, url: target, headers: parsePairs(opts.header, /:\s*/, "--header") };
          const result = await conn.request("mcp/add", { ...here(), name, scope: opts.scope, server });
          if (opts.json) json(result);
          else print(`Added ${opts.scope} MCP server ${name} to ${result.file}`);
          return 0;
        }),
      ),
    );
  mcp
    .command("remove")
    .description("remove a server (from the given scope, or the first of local, project, user)")
    .argument("<name>")
    .addOption(
      new Option("-s, --scope <scope>", "where to remove it from").choices(["local", "project", "user"]),
    )
    .option("--json", "machine-readable output")
    .action((name: string, opts) =>
      run(
        withConn(async (conn) => {
          const result = await conn.request("mcp/remove", {
            ...here(),
            name,
            ...(opts.scope ? { scope: opts.scope } : {}),
          });
          if (opts.json) json(result);
          else print(`Removed ${result.scope} MCP server ${name} from ${result.file}`);
          return 0;
        }),
      ),
    );
  for (const [command, decision, verb] of [
    ["approve", "approved", "Approved"],
    ["reject", "rejected", "Rejected"],
  ] as const) {
    mcp
      .command(command)
      .description(`${command} a project (.mcp.json) server as it is defined now`)
      .argument("<name>")
      .option("--json", "machine-readable output")
      .action((name: string, opts) =>
        run(
          withConn(async (conn) => {
            const { server } = await conn.request("mcp/approve", { ...here(), name, decision });
            if (opts.json) json(server);
            else
              print(`${verb} ${name}: ${[server.command, ...(server.args ?? [])].join(" ") || server.url}`);
            return 0;
          }),
        ),
      );
  }
  mcp
    .command("revoke")
    .description("forget your decision about a project server (it is asked about again)")
    .argument("<name>")
    .option("--json", "machine-readable output")
    .action((name: string, opts) =>
      run(
        withConn(async (conn) => {
          const result = await conn.request("mcp/revoke", { ...here(), name });
          if (opts.json) json(result);
          else
            print(
              result.removed ? `Forgot the decision about ${name}.` : `No decision about ${name} was stored.`,
            );
          return result.removed ? 0 : 1;
        }),
      ),
    );
  mcp
    .command("reset-project-choices")
    .description("forget every approval and rejection of this project's .mcp.json servers")
    .option("--json", "machine-readable output")
    .action((opts) =>
      run(
        withConn(async (conn) => {
          const result = await conn.request("mcp/resetProjectChoices", here());
          if (opts.json) json(result);
          else print(`Forgot ${result.removed} decision${result.removed === 1 ? "" : "s"}.`);
          return 0;
        }),
      ),
    );
}
