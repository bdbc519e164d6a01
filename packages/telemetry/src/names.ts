// The documented metric and event names (reference §4.4-4.5), so team dashboards built for
// Claude Code work unchanged against Berth.
export const METER_NAME = "com.anthropic.claude_code";
/** `service.name` of the resource; dashboards filter on it. */
export const SERVICE_NAME = "claude-code";

export const METRICS = {
  sessionCount: { name: "claude_code.session.count", unit: "count", description: "Sessions started" },
  linesOfCode: {
    name: "claude_code.lines_of_code.count",
    unit: "count",
    description: "Lines of code modified",
  },
  pullRequests: {
    name: "claude_code.pull_request.count",
    unit: "count",
    description: "Pull requests created",
  },
  commits: { name: "claude_code.commit.count", unit: "count", description: "Git commits created" },
  cost: { name: "claude_code.cost.usage", unit: "USD", description: "Cost of the session" },
  tokens: { name: "claude_code.token.usage", unit: "tokens", description: "Tokens used" },
  codeEditDecision: {
    name: "claude_code.code_edit_tool.decision",
    unit: "count",
    description: "Code editing tool permission decisions",
  },
  activeTime: { name: "claude_code.active_time.total", unit: "s", description: "Active time" },
} as const;
export type MetricKey = keyof typeof METRICS;

export const EVENTS = {
  userPrompt: "user_prompt",
  toolResult: "tool_result",
  apiRequest: "api_request",
  apiError: "api_error",
  toolDecision: "tool_decision",
} as const;
export type EventKey = keyof typeof EVENTS;
/** Log records carry `claude_code.<event>` as their body and `event.name` = `<event>`. */
export const eventBody = (key: EventKey): string => `claude_code.${EVENTS[key]}`;

/** The tools whose permission decisions `code_edit_tool.decision` counts. */
export const CODE_EDIT_TOOLS = ["Edit", "MultiEdit", "Write", "NotebookEdit"] as const;
