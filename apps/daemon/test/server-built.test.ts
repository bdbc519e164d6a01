// The built daemon: what its entry loads eagerly, and that the bundle starts, answers /health and
// upgrades /rpc, and that zod still speaks English after its trim (scripts/lib/zod-trim.mjs).
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { dirname, join } from "node:path";
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
  it("starts without a web framework or the session machinery in its eager code", () => {
    // An idle daemon holds the code it imported at start, and the objects that code built, for as
    // long as it runs (#13): the server is plain node:http, and what sessions need (agent loop,
    // tools, permission engine) loads from chunks with the first session.
    const dist = dirname(DAEMON_ENTRY);
    const eager = new Set([DAEMON_ENTRY]);
    for (const file of eager) {
      const text = readFileSync(file, "utf8");
      for (const [, chunk] of text.matchAll(/(?:from|import) "\.\/(?:chunks\/)?(chunk-[\w-]+\.js)"/g))
        eager.add(join(dist, "chunks", chunk as string));
    }
    const modules = [...eager].flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .filter((line) => line.startsWith("// ")),
    );
    // The scan itself must see the eager graph, or the check below would pass on nothing.
    expect(modules).toContain("// apps/daemon/src/server/http.ts");
    for (const lazy of [
      "/fastify/",
      "packages/agent/",
      "packages/tools/",
      "packages/permissions/src/shell/",
    ]) {
      expect(
        modules.filter((line) => line.includes(lazy)),
        lazy,
      ).toEqual([]);
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
