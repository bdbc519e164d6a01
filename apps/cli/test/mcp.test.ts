// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` is what the user types into the config.
// `berth mcp ...` against a real daemon started by the CLI: adding, listing, inspecting,
// approving (refused until the folder is trusted) and removing servers; bad .mcp.json input.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, runCli, type Sandbox } from "./support/cli";
import { ensureBuilt } from "./support/paths";

let sandbox: Sandbox;
let project: string;

beforeAll(async () => {
  await ensureBuilt();
  sandbox = makeSandbox("berth-cli-mcp-");
  project = sandbox.project();
}, 120_000);
afterAll(async () => sandbox?.cleanup());

const berth = (...args: string[]) =>
  runCli(args, { cwd: project, env: sandbox.env(undefined, { TOKEN: "s3cret" }) });

describe("berth mcp", () => {
  it("adds local and project servers, lists and shows them without secret values, removes them", async () => {
    const added = await berth("mcp", "add", "tools", "--env", "API_KEY=${TOKEN}", "--", "node", "server.js");
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("Added local MCP server tools");
    expect(
      (
        await berth(
          "mcp",
          "add",
          "-s",
          "project",
          "-t",
          "http",
          "-H",
          "Authorization: Bearer x",
          "web",
          "https://u:pw@h.example/mcp",
        )
      ).code,
    ).toBe(0);
    expect(JSON.parse(readFileSync(join(project, ".mcp.json"), "utf8"))).toEqual({
      mcpServers: {
        web: { type: "http", url: "https://u:pw@h.example/mcp", headers: { Authorization: "Bearer x" } },
      },
    });

    const list = await berth("mcp", "list", "--json");
    expect(list.code).toBe(0);
    const servers = JSON.parse(list.stdout).servers;
    expect(servers).toMatchObject([
      { name: "tools", scope: "local", approval: "approved", envKeys: ["API_KEY"], status: "not running" },
      {
        name: "web",
        scope: "project",
        approval: "untrusted",
        url: "https://***@h.example/mcp",
        headerKeys: ["Authorization"],
      },
    ]);
    expect(list.stdout).not.toContain("s3cret");
    expect(list.stdout).not.toContain("pw@");

    const get = await berth("mcp", "get", "web");
    expect(get.stdout).toContain("header keys: Authorization");
    const approve = await berth("mcp", "approve", "web");
    expect(approve.code).not.toBe(0);
    expect(approve.stderr).toMatch(/not trusted/);

    expect((await berth("mcp", "remove", "tools")).stdout).toContain("Removed local MCP server tools");
    expect((await berth("mcp", "remove", "web")).code).toBe(0);
    expect(JSON.parse((await berth("mcp", "list", "--json")).stdout).servers).toEqual([]);
  });

  it("never rewrites a Berth MCP file it cannot parse", async () => {
    const file = join(sandbox.home, "mcp.json");
    writeFileSync(file, '{ "mcpServers": { "mine": ');
    const add = await berth("mcp", "add", "other", "--", "node", "x.js");
    expect(add.code).not.toBe(0);
    expect(add.stderr).toContain(`${file} is not a JSON object`);
    expect(readFileSync(file, "utf8")).toBe('{ "mcpServers": { "mine": ');
    const list = await berth("mcp", "list");
    expect(list.stdout).toMatch(/mcp\.json:1: not valid JSON/);
    writeFileSync(file, "{}");
  });

  it("names file, line and key of a malformed .mcp.json and still lists the good servers", async () => {
    writeFileSync(
      join(project, ".mcp.json"),
      '{\n  "mcpServers": {\n    "ok": { "command": "node" },\n    "broken": { "args": [] },\n    "bad name": { "command": "x" }\n  }\n}\n',
    );
    const list = await berth("mcp", "list");
    expect(list.code).toBe(1);
    expect(list.stdout).toMatch(/ok .*project stdio/);
    expect(list.stdout).toMatch(/\.mcp\.json:4 \(mcpServers\.broken\.command\)/);
    expect(list.stdout).toMatch(/\.mcp\.json:5 .*bad name/);
  });
});
