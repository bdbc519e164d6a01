import { chmodSync, lstatSync, mkdirSync, rmSync } from "node:fs";
import {
  createServer,
  type IncomingMessage,
  type Server,
  STATUS_CODES,
  type ServerResponse,
} from "node:http";
import { dirname } from "node:path";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { Logger } from "../lifecycle/logger";
import { checkConnection } from "./guard";

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
const HEALTHY: Refusal = { status: 200, body: JSON.stringify({ ok: true }) };

/**
 * Every request and every upgrade meets the same check before anything else reads it (not even
 * the URL is decoded first).
 */
function createGuard(options: ServerOptions, wss: WebSocketServer) {
  const refused = (request: IncomingMessage): Refusal | undefined => {
    const verdict = checkConnection(request.headers, options.token);
    if (verdict.ok) return undefined;
    options.logger.warn({ reason: verdict.reason, url: request.url }, "connection refused");
    return { status: verdict.status, body: JSON.stringify({ error: verdict.reason }) };
  };
  const path = (request: IncomingMessage) => (request.url ?? "").split("?")[0];
  return {
    /**
     * Plain HTTP: `GET /health` for liveness probes, 404 for everything else (HEAD included: the
     * protocol has no HEAD routes). Nothing reads a request body, so none is buffered.
     */
    request(request: IncomingMessage, response: ServerResponse): void {
      const answer =
        refused(request) ?? (request.method === "GET" && path(request) === "/health" ? HEALTHY : NOT_FOUND);
      response.writeHead(answer.status, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(answer.body),
      });
      response.end(answer.body);
    },
    upgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
      // A client that resets mid-handshake must not become an unhandled 'error' event.
      socket.on("error", () => socket.destroy());
      const refusal = refused(request) ?? (path(request) === "/rpc" ? undefined : NOT_FOUND);
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
 * One node:http server per listener. The endpoint is two routes (`GET /health` and the `/rpc`
 * upgrade), so it is plain node:http rather than a web framework: the daemon starts on a user's
 * first prompt, and a framework's code (fastify was a quarter of the bundle) was parsed and set up
 * at every start for nothing.
 */
function listen(server: Server, where: { path: string } | { host: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(where, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Keep-alive HTTP connections would hold close() open; upgraded sockets are ws's to close.
    server.closeIdleConnections();
  });
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
  const servers: Server[] = [];
  const newServer = () => {
    const server = createServer(guard.request).on("upgrade", guard.upgrade);
    servers.push(server);
    return server;
  };
  const closeAll = async () => {
    for (const client of wss.clients) client.close(1001, "daemon stopping");
    const grace = setTimeout(() => {
      for (const client of wss.clients) client.terminate();
      for (const server of servers) server.closeAllConnections();
    }, CLOSE_GRACE_MS);
    grace.unref();
    await Promise.allSettled(servers.map(closeServer));
    clearTimeout(grace);
    wss.close();
  };
  let tcpPort: number | undefined;
  try {
    await listen(newServer(), { path: options.socketPath });
    chmodSync(options.socketPath, 0o600);
    if (options.tcpPort !== undefined) {
      const tcp = newServer();
      await listen(tcp, { host: "127.0.0.1", port: options.tcpPort });
      const address = tcp.address();
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
