import { chmodSync, lstatSync, mkdirSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, STATUS_CODES, type ServerResponse } from "node:http";
import { dirname } from "node:path";
import type { Duplex } from "node:stream";
import Fastify, { type FastifyInstance } from "fastify";
import { type WebSocket, WebSocketServer } from "ws";
import type { Logger } from "../lifecycle/logger";
import { checkConnection } from "./guard";
import { NO_SCHEMA_COMPILERS } from "./no-schema-compilers";

export interface ServerOptions {
  socketPath: string;
  token: string;
  /** Also listen on 127.0.0.1 at this port (0 = any free port) for clients without socket support. */
  tcpPort?: number;
  logger: Logger;
  maxPayloadBytes: number;
  onConnection: (socket: WebSocket) => void;
}

export interface RunningServer {
  tcpPort: number | undefined;
  close(): Promise<void>;
}

/** How long clients get to answer a close frame before their sockets are dropped. */
const CLOSE_GRACE_MS = 2_000;

type Refusal = { status: number; body: string };
const NOT_FOUND: Refusal = { status: 404, body: JSON.stringify({ error: "not found" }) };

/**
 * The guard sits in front of fastify, in the node:http handlers fastify's `serverFactory` wires
 * up: fastify answers some requests before its onRequest hooks run (400 for a URL it cannot
 * decode, 503 while closing), and the WebSocket upgrade never enters fastify's router at all.
 * So every request and every upgrade meets the same check before anything else reads it.
 */
function createGuard(options: ServerOptions, wss: WebSocketServer) {
  const refused = (request: IncomingMessage): Refusal | undefined => {
    const verdict = checkConnection(request.headers, options.token);
    if (verdict.ok) return undefined;
    options.logger.warn({ reason: verdict.reason, url: request.url }, "connection refused");
    return { status: verdict.status, body: JSON.stringify({ error: verdict.reason }) };
  };
  return {
    /** Answers a refused request itself; returns whether it did. */
    refuse(request: IncomingMessage, response: ServerResponse): boolean {
      const refusal = refused(request);
      if (!refusal) return false;
      response.writeHead(refusal.status, { "content-type": "application/json; charset=utf-8" });
      response.end(refusal.body);
      return true;
    },
    upgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
      // A client that resets mid-handshake must not become an unhandled 'error' event.
      socket.on("error", () => socket.destroy());
      const refusal =
        refused(request) ?? ((request.url ?? "").split("?")[0] === "/rpc" ? undefined : NOT_FOUND);
      if (refusal) {
        socket.end(
          `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\n` +
            "Content-Type: application/json; charset=utf-8\r\n" +
            `Content-Length: ${Buffer.byteLength(refusal.body)}\r\nConnection: close\r\n\r\n${refusal.body}`,
        );
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => options.onConnection(ws));
    },
  };
}

/**
 * One fastify instance per listener (fastify owns exactly one server). Kept lean for daemon
 * start: no fastify logger (the daemon logs with its own pino), no schema compilers (no route
 * has a schema), no automatic HEAD routes (the protocol has none).
 */
function buildApp(guard: ReturnType<typeof createGuard>): FastifyInstance {
  const app = Fastify({
    logger: false,
    exposeHeadRoutes: false,
    schemaController: { compilersFactory: NO_SCHEMA_COMPILERS },
    serverFactory: (handler) =>
      createServer((request, response) => {
        if (!guard.refuse(request, response)) handler(request, response);
      }).on("upgrade", guard.upgrade),
  });
  app.get("/health", async () => ({ ok: true }));
  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).send({ error: "not found" });
  });
  return app;
}

/**
 * Serves the protocol on a Unix socket (in a 0700 directory) and optionally on loopback TCP.
 * Both listeners go through the same guard and hand WebSockets to one `ws` server.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  ensurePrivateDir(dirname(options.socketPath));
  rmSync(options.socketPath, { force: true });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes,
    perMessageDeflate: false,
  });
  const guard = createGuard(options, wss);
  const apps: FastifyInstance[] = [];
  const closeAll = async () => {
    for (const client of wss.clients) client.close(1001, "daemon stopping");
    const grace = setTimeout(() => {
      for (const client of wss.clients) client.terminate();
    }, CLOSE_GRACE_MS);
    grace.unref();
    await Promise.allSettled(apps.map((app) => app.close()));
    clearTimeout(grace);
    wss.close();
  };
  let tcpPort: number | undefined;
  try {
    const unix = buildApp(guard);
    apps.push(unix);
    await unix.listen({ path: options.socketPath });
    chmodSync(options.socketPath, 0o600);
    if (options.tcpPort !== undefined) {
      const tcp = buildApp(guard);
      apps.push(tcp);
      await tcp.listen({ host: "127.0.0.1", port: options.tcpPort });
      const address = tcp.server.address();
      tcpPort = typeof address === "object" && address ? address.port : undefined;
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    tcpPort,
    async close() {
      await closeAll();
      rmSync(options.socketPath, { force: true });
    },
  };
}

/**
 * The socket folder may be in a shared temp directory (long homes). A folder another user
 * created or linked there first is refused instead of used: our socket must be reachable by
 * us alone.
 */
function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) {
    throw new Error(
      `The daemon socket folder ${dir} is not a private folder of this user; remove it or set BERTH_HOME to a shorter path.`,
    );
  }
  chmodSync(dir, 0o700);
}
