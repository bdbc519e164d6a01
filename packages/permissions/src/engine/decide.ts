// The single entry point: (tool, input, context) → decision. Never throws: an internal error
// becomes `ask` (or `deny` when a bare deny rule covers the tool).
import type { CompiledRuleSet } from "../rules/compile.js";
import { canonicalTool, EDIT_TOOLS, READ_TOOLS } from "../rules/tools.js";
import type { BashParser } from "../shell/parser.js";
import type { Decision, PermissionContext, ToolRequest } from "../types.js";
import { decideBash } from "./bash.js";
import { envFor } from "./env.js";
import { decideFileTool } from "./files.js";
import { decideOtherTool } from "./other-tools.js";
import { byRule, bySafety } from "./reasons.js";
import { toolLevelRule } from "./rule-match.js";
import { decideWebFetch, decideWebSearch } from "./web.js";

export function decide(request: ToolRequest, ctx: PermissionContext, parser: BashParser): Decision {
  let tool = "?";
  let input: Record<string, unknown> = {};
  try {
    tool = canonicalTool(String(request?.tool ?? ""));
    input = request?.input && typeof request.input === "object" ? request.input : {};
    const d = dispatch(tool, input, ctx, parser);
    // Belt and braces: dontAsk never leaves a prompt behind.
    if (d.behavior === "ask" && ctx.mode === "dontAsk") return { ...d, behavior: "deny", suggestions: [] };
    return d;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    try {
      const deny = toolLevelRule(ctx.rules, "deny", tool, input);
      if (deny) return byRule("deny", deny, `The ${tool} call`);
    } catch {
      // fall through to ask
    }
    const d = bySafety(
      "ask",
      "internal-error",
      `the permission check failed (${detail})`,
      `The ${tool} call`,
    );
    return ctx?.mode === "dontAsk" ? { ...d, behavior: "deny" } : d;
  }
}

function dispatch(
  tool: string,
  input: Record<string, unknown>,
  ctx: PermissionContext,
  parser: BashParser,
): Decision {
  const env = envFor(ctx);
  const rules: CompiledRuleSet = ctx.rules;
  if (tool === "Bash") return decideBash(input, env, rules, parser);
  if (READ_TOOLS.has(tool) || EDIT_TOOLS.has(tool)) return decideFileTool(tool, input, env, rules);
  if (tool === "WebFetch") return decideWebFetch(input, env, rules);
  if (tool === "WebSearch") return decideWebSearch(input, env, rules);
  return decideOtherTool(tool, input, env, rules);
}
