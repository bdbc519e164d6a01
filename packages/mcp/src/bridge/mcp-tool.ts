// An MCP server's tool as an agent tool named `mcp__<server>__<tool>`. Its shape matches
// @berth/tools' ToolDefinition structurally (this package does not depend on tools), so the agent
// dispatches it like any other tool: through the permission gate, with the same result path.
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { convertResult } from "./result-content.js";

export interface BridgedToolResult {
  content: string;
  isError?: boolean;
  display?: unknown;
}

export interface BridgedTool {
  name: string;
  description: string;
  inputSchema: z.ZodType<Record<string, unknown>>;
  jsonSchema: Record<string, unknown>;
  readOnly: boolean;
  execute(input: Record<string, unknown>, ctx: { signal: AbortSignal }): Promise<BridgedToolResult>;
}

/** Calls a tool on whatever connection the server has now (it may have been restarted). */
export type ToolCaller = (
  tool: string,
  args: Record<string, unknown>,
  signal: AbortSignal,
) => Promise<CallToolResult>;

export function mcpToolName(server: string, tool: string): string {
  return `mcp__${server}__${tool}`;
}

/** The model's arguments are checked by the server against its own schema; here only "an object". */
const argumentsSchema = z.record(z.string(), z.unknown());

export function bridgeTool(
  server: string,
  tool: Tool,
  call: ToolCaller,
  maxOutputTokens: number,
): BridgedTool {
  const annotations = tool.annotations ?? {};
  return {
    name: mcpToolName(server, tool.name),
    description: tool.description ?? `Tool ${tool.name} of MCP server ${server}.`,
    inputSchema: argumentsSchema,
    jsonSchema: tool.inputSchema as Record<string, unknown>,
    // Annotations come from the server and are hints: shown, never trusted to loosen anything.
    readOnly: false,
    async execute(input, ctx) {
      try {
        const result = await call(tool.name, input, ctx.signal);
        const converted = convertResult(result, maxOutputTokens);
        return {
          content: converted.content,
          isError: converted.isError,
          display: {
            mcp: { server, tool: tool.name, annotations },
            ...(converted.warning ? { warning: converted.warning } : {}),
          },
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { content: `MCP tool ${tool.name} on server ${server} failed: ${message}`, isError: true };
      }
    },
  };
}
