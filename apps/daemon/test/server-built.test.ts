// The built daemon's endpoint: the bundle keeps heavy libraries out of what every start parses, and
// still starts, answers /health and upgrades /rpc, with zod speaking English after its trim
// (scripts/lib/zod-trim.mjs), which only the bundle shows.
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { berthPaths } from "@berth/protocol";
import { makeTempDir } from "@berth/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectWhenReady, DAEMON_ENTRY, ensureBuilt, type SpawnedDaemon, spawnDaemon } from "./spawned";

let daemon: SpawnedDaemon | undefined;
const dir = makeTempDir("berth-server-built-");
const home = join(dir.path, "home");

beforeAll(() => {
  ensureBuilt();
});
afterAll(async () => {
  daemon?.child.kill("SIGTERM");
  await daemon?.exited;
  dir.cleanup();
});

function health(method: string): Promise<number> {
  const paths = berthPaths(home);
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      socketPath: paths.socket,
      path: "/health",
      method,
      headers: { host: "localhost", authorization: `Bearer ${readFileSync(paths.token, "utf8").trim()}` },
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the built daemon's server", () => {
  it("loads no web framework or schema compiler at start", () => {
    // The entry is what every start parses; the MCP SDK brings its own ajv, in a chunk loaded with
    // the first MCP server.
    const entry = readFileSync(DAEMON_ENTRY, "utf8");
    const bundled = entry.split("\n").filter((line) => line.startsWith("// node_modules/"));
    for (const heavy of ["/fastify/", "/find-my-way/", "/avvio/", "/ajv/", "/fast-json-stringify/"]) {
      expect(
        bundled.some((line) => line.includes(heavy)),
        heavy,
      ).toBe(false);
    }
  });

  it("starts, answers /health and upgrades /rpc", async () => {
    daemon = await spawnDaemon(home);
    const connection = await connectWhenReady(daemon);
    expect(await connection.request("daemon/status", {})).toMatchObject({ pid: daemon.pid });
    // zod's English messages survive the daemon's zod trim (scripts/lib/zod-trim.mjs).
    const invalid = await connection
      .request("session/attach", { sessionId: 42 } as unknown as { sessionId: string })
      .catch((e: Error) => e);
    expect(String(invalid)).toMatch(/Invalid input: expected string, received number/);
    await connection.close();
    expect(await health("GET")).toBe(200);
    expect(await health("HEAD")).toBe(404);
  });
});
