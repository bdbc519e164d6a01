// Real servers: the npm reference servers over stdio from node_modules, HTTP and SSE servers built
// with the SDK's server classes, and a fixture that fails in each way a server can.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bridgeTool } from "../bridge/mcp-tool.js";
import type { ServerDefinition } from "../config/server-schema.js";
import {
  EVERYTHING_SERVER,
  FILESYSTEM_SERVER,
  isAlive,
  MISBEHAVING_SERVER,
  startHttpServer,
  startSseServer,
} from "../testing/servers.js";
import { ServerPool, type StartRequest, type StatusChange } from "./server-pool.js";

const cwd = mkdtempSync(join(tmpdir(), "berth-mcp-pool-"));
const groups = new Map<string, number | undefined>();
const pool = new ServerPool({
  backoffMs: [50],
  maxAttempts: 2,
  onGroup: (key, pgid) => groups.set(key, pgid),
});
afterAll(() => pool.stopAll());

const baseEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin", SESSION_VAR: "from-session" };

function request(
  name: string,
  definition: ServerDefinition,
  extra: Partial<StartRequest> = {},
): StartRequest {
  return {
    project: cwd,
    name,
    hash: `h-${name}`,
    definition,
    env: baseEnv,
    cwd,
    startupTimeoutMs: 20_000,
    toolTimeoutMs: 20_000,
    ...extra,
  };
}

const node = (script: string, args: string[] = [], env: Record<string, string> = {}): ServerDefinition => ({
  transport: "stdio",
  command: process.execPath,
  args: [script, ...args],
  env,
});

async function finalStatus(handle: ReturnType<ServerPool["acquire"]>, want: StatusChange["status"]) {
  await handle.ready;
  if (handle.status().status === want) return handle.status();
  return new Promise<StatusChange>((resolve) => {
    const off = handle.onStatus((c) => {
      if (c.status === want) {
        off();
        resolve(c);
      }
    });
  });
}

describe("stdio servers from npm", () => {
  it("runs server-everything in its own process group with the session env and calls echo", async () => {
    const handle = pool.acquire(
      request("everything", node(EVERYTHING_SERVER, [], { SERVER_VAR: "from-config" })),
    );
    await handle.ready;
    expect(handle.status()).toMatchObject({ status: "connected" });
    const names = handle.tools().map((t) => t.name);
    expect(names).toContain("echo");
    const echo = bridgeTool(
      "everything",
      handle.tools().find((t) => t.name === "echo")!,
      handle.call,
      25_000,
    );
    expect(echo.name).toBe("mcp__everything__echo");
    const out = await echo.execute({ message: "hi there" }, { signal: AbortSignal.timeout(20_000) });
    expect(out).toMatchObject({ isError: false });
    expect(out.content).toContain("hi there");
    const env = bridgeTool(
      "everything",
      handle.tools().find((t) => t.name === "get-env")!,
      handle.call,
      25_000,
    );
    const envText = (await env.execute({}, { signal: AbortSignal.timeout(20_000) })).content;
    expect(envText).toContain("from-session");
    expect(envText).toContain("from-config");

    const pgid = [...groups.values()].find((g) => g !== undefined)!;
    expect(isAlive(pgid)).toBe(true);
    // Sharing: a second session of the same project and definition gets the same process.
    const second = pool.acquire(
      request("everything", node(EVERYTHING_SERVER, [], { SERVER_VAR: "from-config" })),
    );
    await second.ready;
    await handle.release();
    expect(isAlive(pgid)).toBe(true);
    await second.release();
    expect(isAlive(pgid)).toBe(false);
  });

  it("runs server-filesystem confined to a folder", async () => {
    writeFileSync(join(cwd, "note.txt"), "filesystem says hi");
    const handle = pool.acquire(request("fs", node(FILESYSTEM_SERVER, [cwd])));
    await handle.ready;
    expect(handle.status().status).toBe("connected");
    const read = handle.tools().find((t) => t.name === "read_text_file" || t.name === "read_file")!;
    const out = await bridgeTool("fs", read, handle.call, 25_000).execute(
      { path: join(cwd, "note.txt") },
      { signal: AbortSignal.timeout(20_000) },
    );
    expect(out.content).toContain("filesystem says hi");
    await handle.release();
  });
});

describe("remote servers built with the SDK", () => {
  it.each([
    ["http", startHttpServer],
    ["sse", startSseServer],
  ] as const)("connects over %s with the configured headers", async (transport, start) => {
    const server = await start();
    try {
      const handle = pool.acquire(
        request(`remote-${transport}`, {
          transport,
          url: server.url,
          headers: { Authorization: "Bearer t0ken" },
        }),
      );
      await handle.ready;
      expect(handle.status()).toMatchObject({ status: "connected", toolCount: 1 });
      expect(handle.instructions()).toBe("Greets people.");
      const out = await bridgeTool(transport, handle.tools()[0]!, handle.call, 25_000).execute(
        { who: "team" },
        { signal: AbortSignal.timeout(20_000) },
      );
      expect(out.content).toBe("hello, team");
      expect(server.seenAuth).toContain("Bearer t0ken");
      await handle.release();
    } finally {
      await server.close();
    }
  });
});

describe("servers that misbehave", () => {
  it("reports a server that exits at once, with its stderr, and gives up after retrying", async () => {
    const handle = pool.acquire(
      request("exits", node(MISBEHAVING_SERVER, ["exit"], { SERVER_TOKEN: "tok-very-secret" })),
    );
    const failed = await finalStatus(handle, "failed");
    expect(failed.detail).toMatch(/code 3/);
    // Its stderr is reported, with the server's own credential masked.
    expect(failed.detail).toMatch(/fatal: no configuration \(token \*\*\*\)/);
    expect(failed.detail).not.toContain("tok-very-secret");
    expect(failed.detail).toMatch(/gave up after 2 attempts/);
    await handle.release();
  });

  it("times out a server that never answers initialize and kills it", async () => {
    const handle = pool.acquire(
      request("silent", node(MISBEHAVING_SERVER, ["silent"]), { startupTimeoutMs: 500 }),
    );
    const failed = await finalStatus(handle, "failed");
    expect(failed.detail).toMatch(/within 500 ms \(MCP_TIMEOUT\)/);
    await handle.release();
    const key = `${cwd}\0silent\0h-silent`;
    expect(groups.get(key)).toBeUndefined();
  });

  it("says a server wrote non-JSON on stdout", async () => {
    const handle = pool.acquire(
      request("garbage", node(MISBEHAVING_SERVER, ["garbage"]), { startupTimeoutMs: 800 }),
    );
    const failed = await finalStatus(handle, "failed");
    expect(failed.detail).toMatch(/non-JSON output on stdout/);
    await handle.release();
  });

  it("cuts 1 MB of text to MAX_MCP_OUTPUT_TOKENS, and restarts a server that crashes mid-call", async () => {
    const handle = pool.acquire(request("huge", node(MISBEHAVING_SERVER, ["huge"])));
    await handle.ready;
    const [big, die] = handle.tools();
    const out = await bridgeTool("huge", big!, handle.call, 1000).execute(
      {},
      { signal: AbortSignal.timeout(20_000) },
    );
    expect(out.content.length).toBeLessThan(5000);
    expect(out.content).toMatch(/Output truncated.*MAX_MCP_OUTPUT_TOKENS/);
    expect(out.display).toMatchObject({ warning: expect.stringContaining("cut") });

    const restarted = new Promise<StatusChange>((resolve) =>
      handle.onStatus((c) => c.status === "connected" && resolve(c)),
    );
    const crashed = await bridgeTool("huge", die!, handle.call, 1000).execute(
      {},
      { signal: AbortSignal.timeout(20_000) },
    );
    expect(crashed.isError).toBe(true);
    expect((await restarted).status).toBe("connected");
    await handle.release();
  });

  it("reports a command that does not exist", async () => {
    const handle = pool.acquire(
      request("missing", { transport: "stdio", command: "/nonexistent/berth-mcp-server", args: [], env: {} }),
    );
    const failed = await finalStatus(handle, "failed");
    expect(failed.detail).toMatch(/command not found: \/nonexistent\/berth-mcp-server/);
    await handle.release();
  });
});
