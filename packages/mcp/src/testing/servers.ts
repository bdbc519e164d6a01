// Paths and helpers for tests that run real MCP servers: the npm servers from node_modules
// (no network at test time), the misbehaving fixture, and HTTP/SSE servers built with the SDK's
// own server classes.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

export const EVERYTHING_SERVER = join(
  dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")),
  "dist/index.js",
);
export const FILESYSTEM_SERVER = join(
  dirname(require.resolve("@modelcontextprotocol/server-filesystem/package.json")),
  "dist/index.js",
);
export const MISBEHAVING_SERVER = join(here, "misbehaving-server.mjs");

function greeter(): McpServer {
  const server = new McpServer({ name: "greeter", version: "1.0.0" }, { instructions: "Greets people." });
  server.registerTool(
    "greet",
    { description: "Greets someone", inputSchema: { who: z.string() } },
    async ({ who }) => ({ content: [{ type: "text", text: `hello, ${who}` }] }),
  );
  return server;
}

export interface TestHttpServer {
  url: string;
  /** Authorization headers the server saw, to check `headers` reach it. */
  seenAuth: string[];
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function readBody(req: import("node:http").IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
}

/** Streamable HTTP, stateful, one McpServer per MCP session. */
export async function startHttpServer(): Promise<TestHttpServer> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const seenAuth: string[] = [];
  const http = createServer(async (req, res) => {
    seenAuth.push(String(req.headers.authorization ?? ""));
    const sessionId = req.headers["mcp-session-id"] as string | undefined;
    let transport = sessionId ? transports.get(sessionId) : undefined;
    if (!transport) {
      const created: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void transports.set(id, created),
      });
      transport = created;
      await greeter().connect(transport);
    }
    await transport.handleRequest(req, res, req.method === "POST" ? await readBody(req) : undefined);
  });
  const port = await listen(http);
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    seenAuth,
    close: () => closeHttp(http),
  };
}

/** The older HTTP+SSE transport: GET /sse opens the stream, POST /messages carries requests. */
export async function startSseServer(): Promise<TestHttpServer> {
  const transports = new Map<string, SSEServerTransport>();
  const seenAuth: string[] = [];
  const http = createServer(async (req, res) => {
    seenAuth.push(String(req.headers.authorization ?? ""));
    if (req.method === "GET") {
      const transport = new SSEServerTransport("/messages", res);
      transports.set(transport.sessionId, transport);
      await greeter().connect(transport);
      return;
    }
    const id = new URL(req.url ?? "/", "http://x").searchParams.get("sessionId") ?? "";
    const transport = transports.get(id);
    if (!transport) {
      res.writeHead(404).end();
      return;
    }
    await transport.handlePostMessage(req, res, await readBody(req));
  });
  const port = await listen(http);
  return { url: `http://127.0.0.1:${port}/sse`, seenAuth, close: () => closeHttp(http) };
}

function closeHttp(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** True while a process with this pid exists (zombies count as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = require("node:fs").readFileSync(`/proc/${pid}/stat`, "utf8") as string;
    return !/\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}
