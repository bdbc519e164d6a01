// MCP end to end through a real daemon: a real server from npm over stdio, the fake model calling
// its tool, approval questions, trust, definition changes and managed policy. Spawning is checked
// in the process table, not only in events.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { text, toolUse, turn, waitFor } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { openSession, startTestDaemon, type TestDaemon } from "./harness";

const EVERYTHING = join(
  import.meta.dirname,
  "../../../packages/mcp/node_modules/@modelcontextprotocol/server-everything/dist/index.js",
);

let t: TestDaemon;
afterEach(async () => t?.stop());

/** A unique word in the server's command line, so the process table tells whether it ran. */
function writeMcpJson(marker: string): void {
  const config = {
    mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio", marker] } },
  };
  writeFileSync(join(t.project, ".mcp.json"), JSON.stringify(config, null, 2));
}

function running(marker: string): boolean {
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(marker)) return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

describe("MCP servers in daemon sessions", () => {
  it("asks to start a project server, then the model's mcp__ call is asked, allowed by a rule, and its result reaches the model", async () => {
    t = await startTestDaemon();
    writeMcpJson("berth-e2e-approve");
    const conn = await t.connect();
    await conn.request("trust/set", { cwd: t.project, trusted: true });
    const { view, rec } = await openSession(t, conn);
    t.fake.enqueue(
      turn(toolUse("mcp__everything__echo", { message: "ping from the model" })),
      turn(text("done")),
    );
    await view.send("use the echo tool");

    const serverQuestion = await rec.waitFor("permission_request", 20_000);
    expect(serverQuestion.request.tool).toBe("McpServer");
    expect(serverQuestion.request.input).toMatchObject({ server: "everything", command: process.execPath });
    expect(running("berth-e2e-approve")).toBe(false);
    await view.respond(serverQuestion.request, "allow_always");

    const toolQuestion = await waitFor(
      () =>
        rec.events
          .map((n) => n.event)
          .find((e) => e.type === "permission_request" && e.request.tool === "mcp__everything__echo"),
      { timeoutMs: 30_000, description: "the mcp__ tool call to be asked" },
    );
    expect(running("berth-e2e-approve")).toBe(true);
    if (toolQuestion?.type !== "permission_request") throw new Error("no question");
    // echo claims to be read-only: shown in the question, and it is asked all the same.
    expect(toolQuestion.request.reason).toContain("the server describes this tool as read-only");
    await view.respond(toolQuestion.request, "allow_once");
    await rec.waitFor("turn_completed", 30_000);
    const first = t.fake.requests[0]!.body as { tools: Array<{ name: string }> };
    expect(first.tools.map((x) => x.name)).toContain("mcp__everything__echo");
    // The server's own instructions join the system prompt.
    expect(JSON.stringify(t.fake.requests[0]!.body)).toContain(
      "# MCP Server Instructions\\n\\n## everything",
    );
    expect(JSON.stringify(t.fake.requests[1]!.body)).toContain("Echo: ping from the model");

    // A second session: the stored approval starts the shared server without asking, and a rule
    // allows the tool.
    const second = await openSession(t, conn, { allowedTools: ["mcp__everything__echo"] });
    t.fake.enqueue(turn(toolUse("mcp__everything__echo", { message: "again" })), turn(text("ok")));
    await second.view.send("again");
    await second.rec.waitFor("turn_completed", 30_000);
    expect(second.rec.types()).not.toContain("permission_request");
    expect(JSON.stringify(t.fake.requests[3]!.body)).toContain("Echo: again");
    const listed = await conn.request("mcp/list", { cwd: t.project });
    expect(listed.servers[0]).toMatchObject({
      name: "everything",
      approval: "approved",
      status: "connected",
    });
  });

  it("never spawns a project server in an untrusted folder", async () => {
    t = await startTestDaemon({ userSettings: { enableAllProjectMcpServers: true } });
    writeMcpJson("berth-e2e-untrusted");
    const conn = await t.connect();
    const { view, rec } = await openSession(t, conn, { interactive: false });
    t.fake.enqueue(turn(text("hi")));
    await view.send("hello");
    await rec.waitFor("turn_completed", 20_000);
    const status = rec.events.map((n) => n.event).find((e) => e.type === "mcp_status");
    expect(status).toMatchObject({
      server: "everything",
      status: "pending",
      detail: "the project folder is not trusted",
    });
    expect(running("berth-e2e-untrusted")).toBe(false);
    await expect(conn.request("mcp/approve", { cwd: t.project, name: "everything" })).rejects.toThrow(
      /not trusted/,
    );
  });

  it("starts nothing after .mcp.json changes until approved again, and says what changed", async () => {
    t = await startTestDaemon();
    writeMcpJson("berth-e2e-v1");
    const conn = await t.connect();
    await conn.request("trust/set", { cwd: t.project, trusted: true });
    await conn.request("mcp/approve", { cwd: t.project, name: "everything" });
    writeMcpJson("berth-e2e-v2");
    const { server } = await conn.request("mcp/get", { cwd: t.project, name: "everything" });
    expect(server).toMatchObject({ approval: "pending" });
    expect(server.changes?.[0]).toMatch(/berth-e2e-v1.*→.*berth-e2e-v2/);
    const { view, rec } = await openSession(t, conn, { interactive: false });
    t.fake.enqueue(turn(text("hi")));
    await view.send("hello");
    await rec.waitFor("turn_completed", 20_000);
    expect(running("berth-e2e-v2")).toBe(false);
    const notice = rec.events
      .map((n) => n.event)
      .find((e) => e.type === "notice" && /not approved/.test(e.message));
    expect(notice).toBeDefined();
  });

  it("lets a managed deny beat a local approval", async () => {
    t = await startTestDaemon({
      managedSettings: { deniedMcpServers: [{ serverName: "everything" }] },
      userSettings: { enabledMcpjsonServers: ["everything"] },
    });
    writeMcpJson("berth-e2e-denied");
    const conn = await t.connect();
    await conn.request("trust/set", { cwd: t.project, trusted: true });
    const listed = await conn.request("mcp/list", { cwd: t.project });
    expect(listed.servers[0]).toMatchObject({ approval: "denied" });
    expect(listed.servers[0]?.reason).toContain('deniedMcpServers: serverName "everything"');
    await expect(conn.request("mcp/approve", { cwd: t.project, name: "everything" })).rejects.toThrow(
      /denied/,
    );
    const { view, rec } = await openSession(t, conn);
    t.fake.enqueue(turn(text("hi")));
    await view.send("hello");
    await rec.waitFor("turn_completed", 20_000);
    expect(running("berth-e2e-denied")).toBe(false);
  });

  it("never lets the project's own settings approve its servers, and runs --mcp-config servers in print mode when the tool is allowed", async () => {
    t = await startTestDaemon();
    writeMcpJson("berth-e2e-self-approved");
    mkdirSync(join(t.project, ".claude"), { recursive: true });
    writeFileSync(
      join(t.project, ".claude", "settings.json"),
      JSON.stringify({ enableAllProjectMcpServers: true }),
    );
    const conn = await t.connect();
    await conn.request("trust/set", { cwd: t.project, trusted: true });
    const listed = await conn.request("mcp/list", { cwd: t.project });
    expect(listed.servers[0]).toMatchObject({ scope: "project", approval: "pending" });

    const inline = JSON.stringify({
      mcpServers: { flagged: { command: process.execPath, args: [EVERYTHING, "stdio", "berth-e2e-flag"] } },
    });
    const { view, rec } = await openSession(t, conn, {
      interactive: false,
      mcpConfig: [inline],
      strictMcpConfig: true,
      allowedTools: ["mcp__flagged"],
    });
    t.fake.enqueue(turn(toolUse("mcp__flagged__echo", { message: "from a flag" })), turn(text("ok")));
    await view.send("go");
    await rec.waitFor("turn_completed", 30_000);
    expect(JSON.stringify(t.fake.requests.at(-1)?.body)).toContain("Echo: from a flag");
    expect(running("berth-e2e-self-approved")).toBe(false);
  });
});
