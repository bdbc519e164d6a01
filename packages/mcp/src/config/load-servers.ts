// Every MCP server a session in one project can see, from every scope, with the precedence
// Claude Code documents: a managed `managed-mcp.json` replaces everything; `--strict-mcp-config`
// keeps only `--mcp-config` servers; otherwise a name defined in several scopes takes the entry
// of the highest one whole (flag > local > project > user), never a merge.
import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { McpDiagnostic } from "./diagnostics.js";
import { expandRecord, expandVars } from "./expand.js";
import { readMcpConfigText } from "./read-config.js";
import type { ConfiguredServer, ServerDefinition, ServerEntry, ServerScope } from "./server-schema.js";

export interface LoadServersOptions {
  projectRoot: string;
  berthHome: string;
  /** The session's environment, for `${VAR}` expansion. */
  env: Readonly<Record<string, string | undefined>>;
  /** `managed-mcp.json`; when the file exists only its servers exist. */
  managedPath?: string;
  /** `--mcp-config` values: file paths (relative to cwd) or inline JSON. */
  mcpConfigs?: readonly string[];
  strictMcpConfig?: boolean;
  cwd?: string;
}

export interface LoadedServers {
  servers: ConfiguredServer[];
  diagnostics: McpDiagnostic[];
}

/** Berth's own MCP file: user servers at the top, local ones under `projects["<root>"]`. */
export function userMcpPath(berthHome: string): string {
  return join(berthHome, "mcp.json");
}

export function projectMcpPath(projectRoot: string): string {
  return join(projectRoot, ".mcp.json");
}

export const DEFAULT_MANAGED_MCP_PATH = "/etc/claude-code/managed-mcp.json";

const PRECEDENCE: readonly ServerScope[] = ["managed", "flag", "local", "project", "user"];

export function loadServers(options: LoadServersOptions): LoadedServers {
  const diagnostics: McpDiagnostic[] = [];
  const found: ConfiguredServer[] = [];
  const add = (scope: ServerScope, text: string | undefined, file: string, at?: string[]) => {
    if (text === undefined) return;
    const ownFile = scope === "local" || scope === "user";
    const read = readMcpConfigText(text, file, at, ownFile);
    // Berth's own file is read twice (local part, then user part): file-level problems such as a
    // syntax error are reported once, by the first read.
    diagnostics.push(
      ...(scope === "user" ? read.diagnostics.filter((d) => d.server !== undefined) : read.diagnostics),
    );
    for (const { name, entry } of read.entries) {
      const server = resolveEntry(name, scope, file, entry, options.env);
      if (server.missingVars.length) {
        diagnostics.push({
          severity: "warning",
          file,
          key: `mcpServers.${name}`,
          server: name,
          message: `server "${name}" uses ${server.missingVars.map((v) => `\${${v}}`).join(", ")}, which is not set and has no default; it will not start`,
        });
      }
      found.push(server);
    }
  };

  const managedPath = options.managedPath ?? DEFAULT_MANAGED_MCP_PATH;
  const managed = readText(managedPath, diagnostics);
  if (managed !== undefined) {
    add("managed", managed, managedPath);
    return { servers: found, diagnostics };
  }
  const cwd = options.cwd ?? options.projectRoot;
  for (const value of options.mcpConfigs ?? []) {
    if (value.trimStart().startsWith("{")) add("flag", value, "--mcp-config");
    else {
      const file = isAbsolute(value) ? value : resolve(cwd, value);
      const text = readText(file, diagnostics);
      if (text === undefined)
        diagnostics.push({ severity: "error", file, message: "--mcp-config file not found" });
      add("flag", text, file);
    }
  }
  if (!options.strictMcpConfig) {
    const userFile = userMcpPath(options.berthHome);
    const userText = readText(userFile, diagnostics);
    add("local", userText, userFile, ["projects", resolve(options.projectRoot), "mcpServers"]);
    const projectFile = projectMcpPath(options.projectRoot);
    add("project", readText(projectFile, diagnostics), projectFile);
    add("user", userText, userFile);
  }
  return { servers: pickWinners(found), diagnostics };
}

function pickWinners(found: ConfiguredServer[]): ConfiguredServer[] {
  const byName = new Map<string, ConfiguredServer>();
  for (const scope of PRECEDENCE) {
    for (const server of found)
      if (server.scope === scope && !byName.has(server.name)) byName.set(server.name, server);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function readText(file: string, diagnostics: McpDiagnostic[]): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR")
      diagnostics.push({ severity: "error", file, message: `cannot be read (${code ?? "unknown error"})` });
    return undefined;
  }
}

export function resolveEntry(
  name: string,
  scope: ServerScope,
  source: string,
  entry: ServerEntry,
  env: Readonly<Record<string, string | undefined>>,
): ConfiguredServer {
  const missing: string[] = [];
  const one = (text: string) => {
    const e = expandVars(text, env);
    missing.push(...e.missing);
    return e.value;
  };
  let definition: ServerDefinition;
  if ("command" in entry) {
    definition = {
      transport: "stdio",
      command: one(entry.command),
      args: entry.args.map(one),
      env: expandRecord(entry.env, env, missing),
    };
  } else {
    definition = {
      transport: entry.type === "sse" ? "sse" : "http",
      url: one(entry.url),
      headers: expandRecord(entry.headers, env, missing),
      ...(entry.headersHelper ? { headersHelper: entry.headersHelper } : {}),
    };
  }
  return {
    name,
    scope,
    source,
    definition,
    ...(entry.timeout ? { timeoutMs: entry.timeout } : {}),
    missingVars: [...new Set(missing)],
  };
}
