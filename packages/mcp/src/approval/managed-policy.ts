// Managed `allowedMcpServers` / `deniedMcpServers`: entries match a server by name, by its exact
// command array, or by a URL pattern (`*` is a wildcard). The denylist always wins; an allowlist
// that is set (even empty) admits only what it names. They apply to servers of every scope.
import type { ConfiguredServer } from "../config/server-schema.js";

export type ServerMatcher = { serverName: string } | { serverCommand: string[] } | { serverUrl: string };

export interface ManagedMcpPolicy {
  allowed?: readonly unknown[];
  denied?: readonly unknown[];
}

export type ManagedVerdict = { allowed: true } | { allowed: false; rule: string };

function matcherOf(value: unknown): ServerMatcher | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.serverName === "string") return { serverName: v.serverName };
  if (Array.isArray(v.serverCommand) && v.serverCommand.every((x) => typeof x === "string"))
    return { serverCommand: v.serverCommand as string[] };
  if (typeof v.serverUrl === "string") return { serverUrl: v.serverUrl };
  return undefined;
}

function urlPattern(pattern: string): RegExp {
  const escaped = pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`);
}

export function matches(matcher: ServerMatcher, server: ConfiguredServer): boolean {
  const d = server.definition;
  if ("serverName" in matcher) return matcher.serverName === server.name;
  if ("serverCommand" in matcher) {
    if (d.transport !== "stdio") return false;
    const line = [d.command, ...d.args];
    return (
      line.length === matcher.serverCommand.length && line.every((x, i) => x === matcher.serverCommand[i])
    );
  }
  return d.transport !== "stdio" && urlPattern(matcher.serverUrl).test(d.url);
}

const describeMatcher = (m: ServerMatcher) =>
  "serverName" in m
    ? `serverName "${m.serverName}"`
    : "serverCommand" in m
      ? `serverCommand ${JSON.stringify(m.serverCommand)}`
      : `serverUrl "${m.serverUrl}"`;

export function managedVerdict(policy: ManagedMcpPolicy, server: ConfiguredServer): ManagedVerdict {
  for (const raw of policy.denied ?? []) {
    const m = matcherOf(raw);
    // An entry we cannot read in a denylist denies everything: fail closed.
    if (!m) return { allowed: false, rule: `deniedMcpServers entry ${JSON.stringify(raw)} (not understood)` };
    if (matches(m, server)) return { allowed: false, rule: `deniedMcpServers: ${describeMatcher(m)}` };
  }
  if (policy.allowed === undefined) return { allowed: true };
  for (const raw of policy.allowed) {
    const m = matcherOf(raw);
    if (m && matches(m, server)) return { allowed: true };
  }
  return { allowed: false, rule: "allowedMcpServers: not on the managed allowlist" };
}
