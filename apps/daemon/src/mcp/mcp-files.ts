// `berth mcp add|remove`: edits Berth's own MCP file (user servers at the top, local ones under
// `projects["<root>"]`) or the project's `.mcp.json`. A file that cannot be parsed is never
// rewritten: the user gets the reason and keeps their data.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ProtocolError } from "@berth/protocol";
import type { McpServerEntry } from "@berth/protocol";

type Scope = "local" | "project" | "user";
type Entry = McpServerEntry;
type Json = Record<string, unknown>;

function fileFor(berthHome: string, projectRoot: string, scope: Scope): string {
  return scope === "project" ? join(projectRoot, ".mcp.json") : join(berthHome, "mcp.json");
}

function readJson(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return {};
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Json;
  } catch {
    // fall through
  }
  throw new ProtocolError(
    "InvalidState",
    `${file} is not a JSON object; fix or move it first (it was not changed).`,
  );
}

function writeJson(file: string, value: Json): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** The object holding the server map for a scope, created on demand. */
function serverMap(doc: Json, scope: Scope, projectRoot: string, create: boolean): Json | undefined {
  const child = (parent: Json, key: string): Json | undefined => {
    const existing = parent[key];
    if (existing && typeof existing === "object" && !Array.isArray(existing)) return existing as Json;
    if (!create) return undefined;
    const made: Json = {};
    parent[key] = made;
    return made;
  };
  const holder = scope === "local" ? child(child(doc, "projects") ?? {}, projectRoot) : doc;
  return holder && child(holder, "mcpServers");
}

export function addServer(
  berthHome: string,
  projectRoot: string,
  scope: Scope,
  name: string,
  entry: Entry,
): string {
  const file = fileFor(berthHome, projectRoot, scope);
  const doc = readJson(file);
  const map = serverMap(doc, scope, projectRoot, true)!;
  if (Object.hasOwn(map, name))
    throw new ProtocolError(
      "InvalidState",
      `A ${scope} MCP server named ${name} already exists in ${file}; remove it first.`,
    );
  map[name] = entry;
  writeJson(file, doc);
  return file;
}

export function removeServer(
  berthHome: string,
  projectRoot: string,
  name: string,
  scope: Scope | undefined,
): { file: string; scope: Scope } {
  for (const s of scope ? [scope] : (["local", "project", "user"] as const)) {
    const file = fileFor(berthHome, projectRoot, s);
    const doc = readJson(file);
    const map = serverMap(doc, s, projectRoot, false);
    if (!map || !Object.hasOwn(map, name)) continue;
    delete map[name];
    writeJson(file, doc);
    return { file, scope: s };
  }
  throw new ProtocolError(
    "InvalidParams",
    `No ${scope ?? "local, project or user"} MCP server named ${name}.`,
  );
}
