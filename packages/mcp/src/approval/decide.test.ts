import { describe, expect, it } from "vitest";
import type { ConfiguredServer, ServerDefinition } from "../config/server-schema.js";
import { decideApproval } from "./decide.js";
import { definitionHash, fingerprintOf, redactUrl } from "./fingerprint.js";

const stdio = (command: string, args: string[] = [], env: Record<string, string> = {}): ServerDefinition => ({
  transport: "stdio",
  command,
  args,
  env,
});
const server = (definition: ServerDefinition, scope: ConfiguredServer["scope"] = "project", name = "db") =>
  ({ name, scope, source: "/p/.mcp.json", definition, missingVars: [] }) satisfies ConfiguredServer;

describe("approval of project servers", () => {
  const s = server(stdio("node", ["db.js"], { TOKEN: "secret-1" }));
  const approved = {
    definitionHash: definitionHash(s.definition),
    decision: "approved" as const,
    fingerprint: JSON.stringify(fingerprintOf(s.definition)),
  };

  it("asks until approved, and never in an untrusted folder", () => {
    expect(decideApproval({ server: s, trusted: true, settings: {}, managed: {} }).state).toBe("pending");
    expect(
      decideApproval({ server: s, trusted: false, settings: {}, managed: {}, stored: approved }).state,
    ).toBe("untrusted");
    expect(
      decideApproval({ server: s, trusted: true, settings: {}, managed: {}, stored: approved }).state,
    ).toBe("approved");
  });

  it("asks again when the definition changed, saying what changed without showing values", () => {
    const changed = server(stdio("node", ["evil.js"], { TOKEN: "secret-2", EXTRA: "x" }));
    const verdict = decideApproval({
      server: changed,
      trusted: true,
      settings: {},
      managed: {},
      stored: approved,
    });
    expect(verdict.state).toBe("pending");
    expect(verdict.changes).toEqual([
      'arguments ["db.js"] → ["evil.js"]',
      "env EXTRA added",
      "env TOKEN value changed",
    ]);
    expect(JSON.stringify(verdict)).not.toContain("secret-");
  });

  it("honours the settings keys, with disabled beating enabled", () => {
    const settings = { enableAllProjectMcpServers: true, disabledMcpjsonServers: ["db"] };
    expect(decideApproval({ server: s, trusted: true, settings, managed: {} }).state).toBe("rejected");
    expect(
      decideApproval({ server: s, trusted: true, settings: { enabledMcpjsonServers: ["db"] }, managed: {} })
        .state,
    ).toBe("approved");
  });

  it("lets managed deny beat a stored approval and any scope, naming the rule", () => {
    const deny = { denied: [{ serverCommand: ["node", "db.js"] }] };
    const v = decideApproval({ server: s, trusted: true, settings: {}, managed: deny, stored: approved });
    expect(v).toMatchObject({ state: "denied" });
    expect(v.reason).toContain('serverCommand ["node","db.js"]');
    const user = server(stdio("x"), "user", "tool");
    expect(
      decideApproval({ server: user, trusted: true, settings: {}, managed: { allowed: [] } }).state,
    ).toBe("denied");
    expect(
      decideApproval({
        server: user,
        trusted: true,
        settings: {},
        managed: { allowed: [{ serverName: "tool" }] },
      }).state,
    ).toBe("approved");
    const remote = server({ transport: "http", url: "https://evil.example/mcp", headers: {} }, "user", "r");
    expect(
      decideApproval({
        server: remote,
        trusted: true,
        settings: {},
        managed: { denied: [{ serverUrl: "https://*.example/*" }] },
      }).state,
    ).toBe("denied");
  });
});

describe("URL credentials", () => {
  it("are masked in what is shown but still change the hash", () => {
    const a = { transport: "http" as const, url: "https://user:pw1@h/mcp?key=abc", headers: {} };
    const b = { ...a, url: "https://user:pw2@h/mcp?key=abc" };
    expect(redactUrl(a.url)).toBe("https://***@h/mcp?key=***");
    expect(JSON.stringify(fingerprintOf(a))).not.toContain("pw1");
    expect(definitionHash(a)).not.toBe(definitionHash(b));
  });
});
