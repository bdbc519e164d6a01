import { type Env, envFlag } from "./env.js";

export type ProviderName = "anthropic" | "bedrock" | "vertex";

/**
 * Which backend a session talks to. Bedrock wins when both switches are set, matching the
 * order Claude Code documents (reference §3.1: cloud credentials first, Bedrock listed first).
 */
export function resolveProvider(env: Env): ProviderName {
  if (envFlag(env, "CLAUDE_CODE_USE_BEDROCK")) return "bedrock";
  if (envFlag(env, "CLAUDE_CODE_USE_VERTEX")) return "vertex";
  return "anthropic";
}
