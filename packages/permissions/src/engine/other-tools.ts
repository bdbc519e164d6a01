// MCP tools, tools that only manage the session (TodoWrite, Agent, ...), interactive tools and
// tools this engine does not know.
import type { CompiledRuleSet } from "../rules/compile.js";
import { INTERACTIVE_TOOLS, KNOWN_TOOLS, PASSIVE_TOOLS } from "../rules/tools.js";
import type { Decision } from "../types.js";
import type { Env } from "./env.js";
import { applyAskMode, byMode, byRule, bySafety } from "./reasons.js";
import { toolLevelRule } from "./rule-match.js";

export function decideOtherTool(
  tool: string,
  input: Record<string, unknown>,
  env: Env,
  rules: CompiledRuleSet,
): Decision {
  const mode = env.ctx.mode;
  const what = tool.startsWith("mcp__") ? `The MCP tool ${tool}` : `The ${tool} tool`;
  const deny = toolLevelRule(rules, "deny", tool, input);
  if (deny) return byRule("deny", deny, what);
  const ask = toolLevelRule(rules, "ask", tool, input);
  if (ask) return applyAskMode(byRule("ask", ask, what), mode);
  if (INTERACTIVE_TOOLS.has(tool)) {
    return applyAskMode(
      {
        behavior: "ask",
        reason: { kind: "tool-default", detail: "asks the user by design" },
        message: `${what} asks the user.`,
      },
      mode,
    );
  }
  if (PASSIVE_TOOLS.has(tool)) {
    return {
      behavior: "allow",
      reason: { kind: "tool-default", detail: "changes nothing outside the session" },
      message: `${what} is allowed by default.`,
    };
  }
  if (mode === "bypassPermissions") return byMode("allow", mode, what);
  if (mode === "plan") return byMode("deny", mode, what);
  const allow = toolLevelRule(rules, "allow", tool, input);
  if (allow) return byRule("allow", allow, what);
  const known = KNOWN_TOOLS.has(tool) || tool.startsWith("mcp__");
  const d = known
    ? { behavior: "ask" as const, reason: { kind: "no-match" as const }, message: `${what} needs approval.` }
    : bySafety("ask", "unknown-tool", `${tool} is not a tool the permission engine knows`, what);
  const out = applyAskMode(d, mode);
  return out.behavior === "ask" && /^[A-Za-z0-9_-]+$/.test(tool) ? { ...out, suggestions: [tool] } : out;
}
