// kill -9 of the real, built daemon while an MCP server runs: the server survives its daemon (no
// one could stop it), and the next daemon on the same home kills it at start.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir, waitFor } from "@berth/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { connectWhenReady, ensureBuilt, ROOT, type SpawnedDaemon, spawnDaemon } from "./spawned";

const EVERYTHING = join(
  ROOT,
  "packages/mcp/node_modules/@modelcontextprotocol/server-everything/dist/index.js",
);
const MARKER = "berth-orphan-marker";
const dir = makeTempDir("berth-mcp-orphans-");
const home = join(dir.path, "home");
const project = join(dir.path, "project");
const spawned: SpawnedDaemon[] = [];

function serverPids(): number[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        if (/\) [ZX] /.test(stat)) return false;
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(MARKER);
      } catch {
        return false;
      }
    })
    .map(Number);
}

beforeAll(() => {
  ensureBuilt();
  mkdirSync(project, { recursive: true });
  mkdirSync(home, { recursive: true });
  // A user-scope server: it needs no approval, so creating a session starts it.
  const config = {
    mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio", MARKER] } },
  };
  writeFileSync(join(home, "mcp.json"), JSON.stringify(config));
}, 120_000);

afterAll(async () => {
  for (const d of spawned) d.child.kill("SIGKILL");
  await Promise.all(spawned.map((d) => d.exited));
  for (const pid of serverPids()) process.kill(-pid, "SIGKILL");
  dir.cleanup();
});

it("kills the MCP servers a SIGKILLed daemon left behind when the next one starts", async () => {
  const first = await spawnDaemon(home);
  spawned.push(first);
  const conn = await connectWhenReady(first);
  await conn.request("session/create", {
    cwd: project,
    env: { ANTHROPIC_API_KEY: "k", PATH: process.env.PATH ?? "" },
  });
  const [pid] = await waitFor(() => (serverPids().length ? serverPids() : undefined), {
    timeoutMs: 30_000,
    description: "the MCP server to start",
  });
  first.child.kill("SIGKILL");
  expect(await first.exited).toBe("SIGKILL");
  await conn.close().catch(() => undefined);
  // Its own process group kept it out of the daemon's; it is still running.
  expect(serverPids()).toContain(pid);

  const second = await spawnDaemon(home);
  spawned.push(second);
  await (await connectWhenReady(second)).close();
  await waitFor(() => serverPids().length === 0 || undefined, {
    timeoutMs: 15_000,
    description: "the leftover MCP server to be killed",
  });
}, 120_000);
