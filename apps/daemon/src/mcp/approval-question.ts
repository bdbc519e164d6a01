// The question shown to attached clients for a project server that is not approved: the exact
// command, arguments and env *names* (or the masked URL and header names), and what changed since
// the last decision. It goes through the session's PermissionBroker like any permission question.
import type { PermissionAnswer } from "@berth/protocol";
import type { LiveSession } from "../sessions/live-session";
import type { ResolvedServer } from "./server-info";

export const APPROVAL_TOOL = "McpServer";
/** Not a model turn: the question belongs to the session's start. */
const STARTUP_TURN = "mcp-startup";

export async function askApproval(
  session: LiveSession,
  { server, verdict }: ResolvedServer,
  redactUrl: (url: string) => string,
  signal: AbortSignal,
): Promise<PermissionAnswer> {
  const d = server.definition;
  const input =
    d.transport === "stdio"
      ? {
          server: server.name,
          source: server.source,
          command: d.command,
          args: d.args,
          envKeys: Object.keys(d.env),
        }
      : {
          server: server.name,
          source: server.source,
          url: redactUrl(d.url),
          headerKeys: Object.keys(d.headers),
        };
  const changes = verdict.changes ?? [];
  const summary =
    d.transport === "stdio"
      ? `Start MCP server "${server.name}" from ${server.source}: ${[d.command, ...d.args].join(" ")}`
      : `Connect to MCP server "${server.name}" from ${server.source}: ${redactUrl(d.url)}`;
  const answer = await session.permissions.ask(
    {
      toolUseId: `mcp-approval-${server.name}`,
      tool: APPROVAL_TOOL,
      input: changes.length ? { ...input, changedSinceLastApproval: changes } : input,
      reason: `The project's MCP server "${server.name}" is ${verdict.reason}. "Allow always" remembers this exact definition.`,
      description: {
        summary,
        programs: d.transport === "stdio" ? [d.command] : [],
        writes: [],
        reads: [],
        network: d.transport === "stdio" ? [] : [redactUrl(d.url)],
        risks: changes.length
          ? changes.map((c) => `changed since your last decision: ${c}`)
          : ["runs a program from the repository with your user's rights"],
      },
      suggestions: [],
    },
    signal,
    (request) => session.emit({ type: "permission_request", turnId: STARTUP_TURN, request }),
  );
  session.emit({
    type: "permission_resolved",
    requestId: answer.requestId ?? "",
    toolUseId: `mcp-approval-${server.name}`,
    answer: answer.answer,
    by: answer.by,
  });
  return answer.answer;
}
