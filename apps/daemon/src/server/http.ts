import { chmodSync, lstatSync, mkdirSync, rmSync } from "node:fs";
import {
  createServer,
  type IncomingMessage,
  type Server,
  STATUS_CODES,
  type ServerResponse,
} from "node:http";
import type { Duplex } from "node:stream";
import { dirname } from "node:path";
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

/**
 * Plain node:http and ws: the daemon serves one WebSocket route and one health check, so a web
 * framework (fastify with its schema compilers, router and plugin loader: over 1 MB of code
 * parsed on every start) bought nothing. Every request, HTTP or upgrade, passes the guard first.
 */
function createHandlers(options: ServerOptions, wss: WebSocketServer) {
  const refused = (request: IncomingMessage): { status: number; body: string } | undefined => {
    const verdict = checkConnection(request.headers, options.token);
    if (verdict.ok) return undefined;
    options.logger.warn({ reason: verdict.reason, url: request.url }, "connection refused");
    return { status: verdict.status, body: JSON.stringify({ error: verdict.reason }) };
  };
  const path = (request: IncomingMessage) => (request.url ?? "").split("?")[0];
  return {
    request(request: IncomingMessage, response: ServerResponse) {
      const refusal = refused(request);
      const answer =
        refusal ??
        (request.method === "GET" && path(request) === "/health"
          ? { status: 200, body: JSON.stringify({ ok: true }) }
          : { status: 404, body: JSON.stringify({ error: "not found" }) });
      response.writeHead(answer.status, { "content-type": "application/json; charset=utf-8" });
      response.end(answer.body);
    },
    upgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
      // A client that resets mid-handshake must not become an unhandled 'error' event.
      socket.on("error", () => socket.destroy());
      const refusal =
        refused(request) ??
        (path(request) === "/rpc"
          ? undefined
          : { status: 404, body: JSON.stringify({ error: "not found" }) });
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

function listen(server: Server, address: { path: string } | { host: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(address, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/**
 * Serves the protocol on a Unix socket (in a 0700 directory) and optionally on loopback TCP.
 * Both listeners go through the same guard.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  ensurePrivateDir(dirname(options.socketPath));
  rmSync(options.socketPath, { force: true });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes,
    perMessageDeflate: false,
  });
  const handlers = createHandlers(options, wss);
  const make = () => createServer(handlers.request).on("upgrade", handlers.upgrade);
  const servers: Server[] = [];
  const closeAll = async () => {
    for (const client of wss.clients) client.close(1001, "daemon stopping");
    const grace = setTimeout(() => {
      for (const client of wss.clients) client.terminate();
    }, CLOSE_GRACE_MS);
    grace.unref();
    await Promise.allSettled(servers.map(closeServer));
    clearTimeout(grace);
    wss.close();
  };
  let tcpPort: number | undefined;
  try {
    const unix = make();
    servers.push(unix);
    await listen(unix, { path: options.socketPath });
    chmodSync(options.socketPath, 0o600);
    if (options.tcpPort !== undefined) {
      const tcp = make();
      servers.push(tcp);
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
