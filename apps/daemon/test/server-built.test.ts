// The built daemon serves on fastify with parts of fastify left out of the bundle
// (scripts/lib/fastify-trim.mjs). The in-process tests run the TypeScript sources with the whole
// of fastify; only the bundle shows that nothing left out is reached when the daemon starts,
// answers /health and upgrades /rpc, and that zod still speaks English after its trim.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { dirname, join, relative, resolve } from "node:path";
import { berthPaths } from "@berth/protocol";
import { makeTempDir } from "@berth/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectWhenReady, DAEMON_ENTRY, ensureBuilt, type SpawnedDaemon, spawnDaemon } from "./spawned";

/**
 * The source modules bundled into a built file, from its source map (the bundle is minified, so
 * it carries no `// path` markers): paths from the repository root, e.g. `apps/daemon/src/…` or
 * `node_modules/.pnpm/…/fastify/fastify.js`.
 */
function modulesIn(file: string): string[] {
  const map = JSON.parse(readFileSync(`${file}.map`, "utf8")) as { sources: string[] };
  const root = resolve(dirname(DAEMON_ENTRY), "../../..");
  return map.sources.map((source) => relative(root, resolve(dirname(file), source)));
}

/** The files Node loads for `file`: it and every chunk it imports statically, transitively. */
function staticClosure(file: string): string[] {
  const closure = new Set([file]);
  for (const next of closure) {
    for (const [, chunk] of readFileSync(next, "utf8").matchAll(
      /(?:from|import)\s*"\.\/(?:chunks\/)?(chunk-[\w-]+\.js)"/g,
    ))
      closure.add(join(dirname(DAEMON_ENTRY), "chunks", chunk as string));
  }
  return [...closure];
}

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
  it("bundles fastify without its schema compilers, inject support or semver", () => {
    const dist = dirname(DAEMON_ENTRY);
    const files = [
      DAEMON_ENTRY,
      ...readdirSync(join(dist, "chunks")).map((f) => join(dist, "chunks", f)),
    ].filter((f) => f.endsWith(".js"));
    // The bundle's long lines are broken (esbuild's lineLimit), inside strings too, with a
    // backslash-newline continuation.
    const all = files.map((f) => readFileSync(f, "utf8").replaceAll("\\\n", "")).join("\n");
    expect(files.flatMap(modulesIn).some((m) => m.endsWith("/fastify/fastify.js"))).toBe(true);
    for (const left of [
      "@fastify/ajv-compiler",
      "@fastify/fast-json-stringify-compiler",
      "light-my-request",
      "semver",
      "@fastify/proxy-addr",
      "node:https",
      "node:http2",
      // ws's client side and its deflate extension, pino's worker-thread transports.
      "https",
      "tls",
      "zlib",
      "thread-stream",
    ]) {
      expect(all, left).toContain(`${left} is left out of the daemon bundle (scripts/lib/fastify-trim.mjs)`);
    }
    // What those stubs keep out of the entry, which holds fastify: the libraries behind them (the
    // MCP SDK brings its own ajv, in a chunk loaded with the first MCP server).
    const entry = modulesIn(DAEMON_ENTRY);
    for (const heavy of ["/ajv/", "/fast-json-stringify/index.js", "/light-my-request/", "/ipaddr.js/"]) {
      expect(
        entry.filter((m) => m.includes(heavy)),
        heavy,
      ).toEqual([]);
    }
  });

  it("leaves the session machinery out of its eager code", () => {
    // An idle daemon holds the code it imported at start, and the objects that code built, for as
    // long as it runs (#13): what sessions need (agent loop, tools, permission engine) loads from
    // chunks with the first session (apps/daemon/src/sessions/session-modules.ts).
    const modules = staticClosure(DAEMON_ENTRY).flatMap(modulesIn);
    // The scan itself must see the eager graph, or the check below would pass on nothing.
    expect(modules).toContain("apps/daemon/src/server/http.ts");
    for (const lazy of ["packages/agent/", "packages/tools/", "packages/permissions/src/shell/"]) {
      expect(
        modules.filter((m) => m.includes(lazy)),
        lazy,
      ).toEqual([]);
    }
  });

  it("carries better-sqlite3's JavaScript and loads only its addon from node_modules", () => {
    // Thirteen CommonJS files and the `bindings` probe cost every start its path work
    // (packages/store/src/sqlite.ts); the addon is found by path, so `bindings` is never called.
    expect(modulesIn(DAEMON_ENTRY).some((m) => m.endsWith("/better-sqlite3/lib/database.js"))).toBe(true);
    const entry = readFileSync(DAEMON_ENTRY, "utf8");
    expect(entry).not.toMatch(/(?:from\s*|require\()["']better-sqlite3["']/);
    expect(entry).toMatch(/const nativeBinding\s*=\s*sqliteAddon\(\);/);
  });

  it("loads only the Messages API of the Anthropic SDK for an Anthropic-API session", () => {
    // The chunk the first model request loads was 955 KB with the SDK's whole API in it, shared
    // with the Bedrock and Vertex backends (scripts/lib/anthropic-sdk-trim.mjs).
    const chunks = join(dirname(DAEMON_ENTRY), "chunks");
    const backend = readdirSync(chunks).find((f) => /^anthropic-backend-[\w-]+\.js$/.test(f));
    expect(backend).toBeDefined();
    const closure = staticClosure(join(chunks, backend as string));
    const sdkModules = closure
      .flatMap(modulesIn)
      .filter((m) => m.includes("/@anthropic-ai/sdk/"))
      // The SDK's own source maps lead to its TypeScript sources (`src/*.ts`) where it ships them.
      .map((m) => m.replace(/^.*\/@anthropic-ai\/sdk\/(?:src\/)?/, "").replace(/\.(?:mjs|ts)$/, ""));
    expect(sdkModules).toContain("client");
    expect(sdkModules).toContain("resources/messages/messages");
    expect(sdkModules.filter((m) => m.startsWith("resources/beta/") || m.startsWith("lib/tools/"))).toEqual(
      [],
    );
    const bytes = closure.reduce((sum, f) => sum + readFileSync(f).length, 0);
    expect(bytes).toBeLessThan(500_000);
  });

  it("loads none of the Node built-ins it does not use when idle", async () => {
    // What the trims above are for: each built-in an idle daemon loads stays in its memory.
    const probe = join(dir.path, "builtins.mjs");
    // Once the daemon's socket is listening (its start-up done), the probe prints what is loaded.
    const socket = berthPaths(join(dir.path, "probe-home")).socket;
    writeFileSync(
      probe,
      [
        // Not an import of node:fs: that would load its lazy parts itself.
        'const { existsSync } = process.getBuiltinModule("node:fs");',
        "const timer = setInterval(() => {",
        `  if (!existsSync(${JSON.stringify(socket)})) return;`,
        "  clearInterval(timer);",
        '  setTimeout(() => { process.stderr.write("LOADED " + process.moduleLoadList.join("|") + "\\n"); process.exit(0); }, 300);',
        "}, 50);",
      ].join("\n"),
    );
    const child = spawn(
      process.execPath,
      ["--import", probe, DAEMON_ENTRY, "--home", join(dir.path, "probe-home")],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    await new Promise((resolve) => child.once("exit", resolve));
    const loaded = new Set((stderr.match(/LOADED (.*)/)?.[1] ?? "").split("|"));
    // The probe saw the daemon's start: the server and the store are up.
    expect(loaded).toContain("NativeModule http");
    // Needed only by a WebSocket client, deflate or a pino transport (scripts/lib/fastify-trim.mjs).
    for (const left of ["tls", "https", "zlib", "worker_threads"])
      expect(loaded, left).not.toContain(`NativeModule ${left}`);
    // Deferred until used: fastify's host lookup, and assert until an assertion fails.
    for (const deferred of ["dns", "assert"])
      expect(loaded, deferred).not.toContain(`NativeModule ${deferred}`);
    // Lazy parts of built-ins that an ES module import of them would load
    // (scripts/lib/builtins-by-process.mjs): WebCrypto, util's MIMEType, fs's stream classes.
    for (const lazy of ["internal/crypto/webcrypto", "internal/mime", "internal/fs/streams"])
      expect(loaded, lazy).not.toContain(`NativeModule ${lazy}`);
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
