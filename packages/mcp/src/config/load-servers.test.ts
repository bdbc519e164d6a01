// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` in plain strings is the syntax under test.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatMcpDiagnostic } from "./diagnostics.js";
import { expandVars } from "./expand.js";
import { loadServers } from "./load-servers.js";
import { readMcpConfigText } from "./read-config.js";

function dirs() {
  const root = mkdtempSync(join(tmpdir(), "berth-mcp-config-"));
  const project = join(root, "project");
  const home = join(root, "home");
  mkdirSync(project);
  mkdirSync(home);
  return { project, home, managed: join(root, "managed-mcp.json") };
}

describe("reading an MCP config file", () => {
  it("names file, line and key of a bad server and still loads the others", () => {
    const text = `{
  "mcpServers": {
    "good": { "command": "node", "args": ["a.js"] },
    "nocmd": { "args": ["x"] },
    "bad name!": { "command": "x" },
    "dup": { "command": "a" },
    "dup": { "command": "b" },
    "web": { "type": "http", "url": "https://h/mcp" },
    "wrongargs": { "command": "x", "args": "not-an-array" }
  }
}`;
    const read = readMcpConfigText(text, "/p/.mcp.json");
    expect(read.entries.map((e) => e.name)).toEqual(["good", "web"]);
    const byServer = Object.fromEntries(read.diagnostics.map((d) => [d.server, d]));
    expect(byServer.nocmd).toMatchObject({ line: 4, key: "mcpServers.nocmd.command" });
    expect(byServer["bad name!"]?.message).toMatch(/letters, digits/);
    expect(byServer.dup?.message).toMatch(/more than once/);
    expect(byServer.wrongargs).toMatchObject({ line: 9, key: "mcpServers.wrongargs.args" });
    expect(formatMcpDiagnostic(byServer.nocmd!)).toMatch(
      /^\/p\/\.mcp\.json:4 \(mcpServers\.nocmd\.command\)/,
    );
  });

  it("reports a syntax error with its line and loads nothing from that file", () => {
    const read = readMcpConfigText('{\n  "mcpServers": {\n    "a": { "command": "x" ,, }\n}', "f.json");
    expect(read.entries).toEqual([]);
    expect(read.diagnostics[0]).toMatchObject({ file: "f.json", line: 3, severity: "error" });
  });
});

describe("${VAR} expansion", () => {
  it("uses the value, then the default, and reports unset variables", () => {
    expect(expandVars("${A}-${B:-dflt}-${C}", { A: "1" })).toEqual({ value: "1-dflt-${C}", missing: ["C"] });
  });
});

describe("loading servers from every scope", () => {
  it("takes local over project over user, whole, and expands variables", () => {
    const { project, home, managed } = dirs();
    writeFileSync(
      join(project, ".mcp.json"),
      JSON.stringify({
        mcpServers: {
          shared: { command: "project-cmd" },
          tokened: {
            type: "http",
            url: "https://${HOST:-h.example}/mcp",
            headers: { Authorization: "Bearer ${TOKEN}" },
          },
        },
      }),
    );
    writeFileSync(
      join(home, "mcp.json"),
      JSON.stringify({
        mcpServers: { shared: { command: "user-cmd" }, mine: { command: "mine", env: { K: "${K}" } } },
        projects: { [project]: { mcpServers: { shared: { command: "local-cmd", args: ["--x"] } } } },
      }),
    );
    const loaded = loadServers({
      projectRoot: project,
      berthHome: home,
      env: { K: "v" },
      managedPath: managed,
    });
    const byName = Object.fromEntries(loaded.servers.map((s) => [s.name, s]));
    expect(byName.shared).toMatchObject({
      scope: "local",
      definition: { command: "local-cmd", args: ["--x"] },
    });
    expect(byName.mine).toMatchObject({ scope: "user", definition: { env: { K: "v" } }, missingVars: [] });
    expect(byName.tokened).toMatchObject({
      scope: "project",
      definition: { url: "https://h.example/mcp" },
      missingVars: ["TOKEN"],
    });
    expect(loaded.diagnostics.find((d) => d.server === "tokened")?.message).toMatch(
      /\$\{TOKEN\}.*will not start/,
    );
  });

  it("uses only managed-mcp.json when it exists, and only --mcp-config with --strict-mcp-config", () => {
    const { project, home, managed } = dirs();
    writeFileSync(join(project, ".mcp.json"), JSON.stringify({ mcpServers: { repo: { command: "r" } } }));
    writeFileSync(managed, JSON.stringify({ mcpServers: { corp: { command: "c" } } }));
    const flag = JSON.stringify({ mcpServers: { inline: { command: "i" } } });
    expect(
      loadServers({
        projectRoot: project,
        berthHome: home,
        env: {},
        managedPath: managed,
        mcpConfigs: [flag],
      }).servers.map((s) => `${s.scope}:${s.name}`),
    ).toEqual(["managed:corp"]);
    const strict = loadServers({
      projectRoot: project,
      berthHome: home,
      env: {},
      managedPath: join(home, "absent.json"),
      mcpConfigs: [flag],
      strictMcpConfig: true,
    });
    expect(strict.servers.map((s) => `${s.scope}:${s.name}`)).toEqual(["flag:inline"]);
  });
});
