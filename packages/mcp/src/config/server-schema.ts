// The shape of one server entry, as `.mcp.json`, `--mcp-config` and Berth's own MCP files write it
// (Claude Code's documented format). Unknown keys are kept out of the definition: what is not
// understood never reaches a spawn or a request.
import { z } from "zod";

/** Server names become part of tool names (`mcp__<server>__<tool>`), so they are kept plain. */
export const SERVER_NAME = /^[A-Za-z0-9_-]+$/;

const stringMap = z.record(z.string(), z.string());

export const stdioServerSchema = z.object({
  type: z.literal("stdio").optional(),
  command: z.string().min(1, "command must not be empty"),
  args: z.array(z.string()).default([]),
  env: stringMap.default({}),
  timeout: z.number().int().positive().optional(),
});

export const remoteServerSchema = z.object({
  type: z.enum(["http", "streamable-http", "sse"]),
  url: z.string().min(1, "url must not be empty"),
  headers: stringMap.default({}),
  headersHelper: z.string().min(1).optional(),
  timeout: z.number().int().positive().optional(),
});

export const serverEntrySchema = z.union([stdioServerSchema, remoteServerSchema]);

export type StdioServerEntry = z.infer<typeof stdioServerSchema>;
export type RemoteServerEntry = z.infer<typeof remoteServerSchema>;
export type ServerEntry = z.infer<typeof serverEntrySchema>;

/** Where a server was defined; decides precedence and whether it must be approved. */
export type ServerScope = "managed" | "local" | "project" | "user" | "flag";

/** A server definition after `${VAR}` expansion: exactly what would be spawned or contacted. */
export type ServerDefinition =
  | { transport: "stdio"; command: string; args: string[]; env: Record<string, string> }
  | {
      transport: "http" | "sse";
      url: string;
      headers: Record<string, string>;
      headersHelper?: string;
    };

export interface ConfiguredServer {
  name: string;
  scope: ServerScope;
  /** The file it came from, or `--mcp-config` for inline JSON. */
  source: string;
  definition: ServerDefinition;
  /** Start-up timeout from the entry, in ms. */
  timeoutMs?: number;
  /** Variables referenced without a value or default: such a server never starts. */
  missingVars: string[];
}
