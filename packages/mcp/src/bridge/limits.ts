// MCP limits from the session's environment (Claude Code's variables). Bad values fall back to
// the defaults rather than to "no limit".
import { z } from "zod";
import { DEFAULT_MAX_OUTPUT_TOKENS } from "./result-content.js";

export const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;
export const DEFAULT_TOOL_TIMEOUT_MS = 100_000_000;
/** setTimeout cannot wait longer than this. */
const MAX_TIMER_MS = 2_147_483_647;

export interface McpLimits {
  startupTimeoutMs: number;
  toolTimeoutMs: number;
  maxOutputTokens: number;
}

const positiveInt = z.coerce.number().int().positive();

function read(env: Readonly<Record<string, string | undefined>>, key: string, fallback: number): number {
  const parsed = positiveInt.safeParse(env[key]);
  return parsed.success ? Math.min(parsed.data, MAX_TIMER_MS) : fallback;
}

export function limitsFromEnv(env: Readonly<Record<string, string | undefined>>): McpLimits {
  return {
    startupTimeoutMs: read(env, "MCP_TIMEOUT", DEFAULT_STARTUP_TIMEOUT_MS),
    toolTimeoutMs: read(env, "MCP_TOOL_TIMEOUT", DEFAULT_TOOL_TIMEOUT_MS),
    maxOutputTokens: read(env, "MAX_MCP_OUTPUT_TOKENS", DEFAULT_MAX_OUTPUT_TOKENS),
  };
}
