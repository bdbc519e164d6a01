// Text of one MCP config file (or inline `--mcp-config` JSON) → server entries plus diagnostics.
// Parsing keeps offsets (jsonc-parser) so every complaint names a line; entries are validated one
// by one so a malformed server leaves the others loading.
import { findNodeAtLocation, type Node, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import type { McpDiagnostic } from "./diagnostics.js";
import { SERVER_NAME, type ServerEntry, serverEntrySchema } from "./server-schema.js";

export interface ReadConfig {
  entries: Array<{ name: string; entry: ServerEntry; line?: number }>;
  diagnostics: McpDiagnostic[];
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * `at` is where the server map sits: `mcpServers` at the top, or deeper for per-project entries.
 * `optional`: a file that may hold other things (Berth's own MCP file) need not have the map.
 */
export function readMcpConfigText(
  text: string,
  file: string,
  at: string[] = ["mcpServers"],
  optional = false,
): ReadConfig {
  const diagnostics: McpDiagnostic[] = [];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    diagnostics.push({
      severity: "error",
      file,
      ...(first ? { line: lineOf(text, first.offset) } : {}),
      message: first
        ? `not valid JSON (${printParseErrorCode(first.error)}); no server from this file was loaded`
        : "empty file; no server from this file was loaded",
    });
    return { entries: [], diagnostics };
  }
  const servers = root.type === "object" ? findNodeAtLocation(root, at) : undefined;
  if (!servers && optional) return { entries: [], diagnostics };
  if (!servers) {
    diagnostics.push({
      severity: "error",
      file,
      line: lineOf(text, root.offset),
      key: "mcpServers",
      message: 'expected an object with an "mcpServers" key',
    });
    return { entries: [], diagnostics };
  }
  if (servers.type !== "object") {
    diagnostics.push({
      severity: "error",
      file,
      line: lineOf(text, servers.offset),
      key: "mcpServers",
      message: "mcpServers must be an object mapping server names to definitions",
    });
    return { entries: [], diagnostics };
  }
  const counts = new Map<string, number>();
  for (const property of servers.children ?? []) {
    const name = String(property.children?.[0]?.value);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const entries: ReadConfig["entries"] = [];
  for (const property of servers.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const name = String(keyNode.value);
    const line = lineOf(text, keyNode.offset);
    const problem = (message: string, key = `mcpServers.${name}`, at = line): void => {
      diagnostics.push({ severity: "error", file, line: at, key, server: name, message });
    };
    if (!SERVER_NAME.test(name)) {
      problem(`server name "${name}" may only contain letters, digits, "_" and "-"; it was not loaded`);
      continue;
    }
    if ((counts.get(name) ?? 0) > 1) {
      // JSON readers silently keep the last one; a shared file with two meanings is refused.
      problem(`server "${name}" is defined more than once in this file; no definition of it was loaded`);
      continue;
    }
    const parsed = serverEntrySchema.safeParse(nodeValue(valueNode));
    if (!parsed.success) {
      const issue = pickIssue(parsed.error.issues);
      const path = issue.path.map(String);
      const at = findNodeAtLocation(valueNode, path);
      problem(
        `${issue.message}; server "${name}" was not loaded`,
        [`mcpServers.${name}`, ...path].join("."),
        at ? lineOf(text, at.offset) : line,
      );
      continue;
    }
    entries.push({ name, entry: parsed.data, line });
  }
  return { entries, diagnostics };
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case "object":
      return Object.fromEntries(
        (node.children ?? []).map((p) => [String(p.children?.[0]?.value), nodeValue(p.children![1]!)]),
      );
    case "array":
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

interface Issue {
  path: PropertyKey[];
  message: string;
  code?: string;
  errors?: Issue[][];
}

/** A union failure reports each branch; the branch the author meant is the one with the deepest path. */
function pickIssue(issues: readonly Issue[]): Issue {
  const first = issues[0]!;
  if (first.code !== "invalid_union" || !first.errors) return withHint(first);
  const candidates = first.errors.flat();
  const meaningful = candidates.filter(
    (c) => c.path.length > 0 && !(c.path[0] === "type" && c.code === "invalid_value"),
  );
  const best = (meaningful.length ? meaningful : candidates).sort((a, b) => b.path.length - a.path.length)[0];
  if (!best) return first;
  if (best.path[0] === "command" || best.path[0] === "url")
    return { ...best, message: `${String(best.path[0])}: ${best.message}` };
  return withHint({ ...best, path: [...first.path, ...best.path] });
}

function withHint(issue: Issue): Issue {
  const key = issue.path.map(String).join(".");
  return key ? { ...issue, message: `${key}: ${issue.message}` } : issue;
}
