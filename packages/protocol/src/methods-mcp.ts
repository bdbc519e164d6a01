import { z } from "zod";
import { lazy } from "./lazy-table";

/**
 * MCP servers (part of the method table; `methods.ts` spreads them in): what is configured for a
 * folder, approval of project servers, and adding or removing servers in Berth's own MCP file.
 */

const Cwd = lazy(() =>
  z.object({
    cwd: z.string().min(1).describe("Absolute folder the question is about."),
    env: z
      .record(z.string(), z.string())
      .default({})
      .describe("The client's environment, for variable expansion (as a session would see it)."),
  }),
);
const ServerName = lazy(() =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "server names may only contain letters, digits, '_' and '-'")
    .max(100),
);

export type McpApprovalState = z.infer<ReturnType<typeof McpApprovalState>>;
export const McpApprovalState = lazy(() =>
  z.enum(["approved", "pending", "rejected", "denied", "untrusted", "incomplete"]),
);
export type McpServerStatus = z.infer<ReturnType<typeof McpServerStatus>>;
export const McpServerStatus = lazy(() =>
  z.enum(["starting", "connected", "restarting", "failed", "stopped", "not running"]),
);

export const McpServerInfo = lazy(() =>
  z.object({
    name: z.string(),
    scope: z.enum(["managed", "flag", "local", "project", "user"]),
    source: z.string().describe("The file that defines it, or `--mcp-config`."),
    transport: z.enum(["stdio", "http", "sse"]),
    command: z.string().optional(),
    args: z.array(z.string()).optional(),
    envKeys: z.array(z.string()).optional().describe("Names only: values are never sent."),
    url: z.string().optional().describe("With any credentials and query values masked."),
    headerKeys: z.array(z.string()).optional(),
    approval: McpApprovalState(),
    reason: z.string(),
    changes: z.array(z.string()).optional().describe("What changed since the last decision, if anything."),
    status: McpServerStatus(),
    detail: z.string().optional(),
    toolCount: z.number().int().nonnegative(),
    tools: z.array(z.string()).optional(),
  }),
);
export type McpServerInfo = z.infer<ReturnType<typeof McpServerInfo>>;

export type McpDiagnosticInfo = z.infer<ReturnType<typeof McpDiagnosticInfo>>;
export const McpDiagnosticInfo = lazy(() =>
  z.object({
    severity: z.enum(["error", "warning"]),
    file: z.string(),
    line: z.number().int().optional(),
    key: z.string().optional(),
    server: z.string().optional(),
    message: z.string(),
  }),
);

const McpSources = lazy(() =>
  Cwd().extend({
    mcpConfig: z.array(z.string()).default([]).describe("`--mcp-config` values (paths or inline JSON)."),
    strictMcpConfig: z.boolean().default(false),
  }),
);

export type McpServerEntry = z.infer<ReturnType<typeof McpServerEntry>>;
export const McpServerEntry = lazy(() =>
  z.union([
    z.object({
      type: z.literal("stdio").optional(),
      command: z.string().min(1),
      args: z.array(z.string()).default([]),
      env: z.record(z.string(), z.string()).default({}),
    }),
    z.object({
      type: z.enum(["http", "sse"]),
      url: z.string().min(1),
      headers: z.record(z.string(), z.string()).default({}),
    }),
  ]),
);

export const mcpMethods = {
  "mcp/list": () => ({
    params: McpSources(),
    result: z.object({ servers: z.array(McpServerInfo()), diagnostics: z.array(McpDiagnosticInfo()) }),
    doc: "Every MCP server a session in this folder would see: scope, transport, approval state, status and tool count.",
  }),
  "mcp/get": () => ({
    params: McpSources().extend({ name: ServerName() }),
    result: z.object({ server: McpServerInfo() }),
    doc: "One server, with its tool names when it is running.",
  }),
  "mcp/approve": () => ({
    params: Cwd().extend({
      name: ServerName(),
      decision: z.enum(["approved", "rejected"]).default("approved"),
    }),
    result: z.object({ server: McpServerInfo() }),
    doc: "Approves (or rejects) a project `.mcp.json` server, bound to its current definition. Refused for untrusted folders.",
  }),
  "mcp/revoke": () => ({
    params: Cwd().extend({ name: ServerName() }),
    result: z.object({ removed: z.boolean() }),
    doc: "Forgets the decision about one project server; it is asked about again.",
  }),
  "mcp/resetProjectChoices": () => ({
    params: Cwd(),
    result: z.object({ removed: z.number().int().nonnegative() }),
    doc: "Forgets every approval and rejection of this project's `.mcp.json` servers.",
  }),
  "mcp/add": () => ({
    params: Cwd().extend({
      name: ServerName(),
      scope: z.enum(["local", "project", "user"]).default("local"),
      server: McpServerEntry(),
    }),
    result: z.object({ file: z.string() }),
    doc: "Adds a server: `local` (this project, private), `project` (`.mcp.json`, shared) or `user` (all projects).",
  }),
  "mcp/remove": () => ({
    params: Cwd().extend({ name: ServerName(), scope: z.enum(["local", "project", "user"]).optional() }),
    result: z.object({ file: z.string(), scope: z.string() }),
    doc: "Removes a server from the given scope (or the one it is found in: local, project, user).",
  }),
} as const;
