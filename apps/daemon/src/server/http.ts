import { chmodSync, lstatSync, mkdirSync, rmSync } from "node:fs";
import {
  createServer,
  type IncomingMessage,
  type Server,
  STATUS_CODES,
  type ServerResponse,
} from "node:http";
import type { ListenOptions } from "node:net";
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

/** A JSON answer, written the way every daemon answer is. */
function sendJson(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  response.end(body);
}

/**
 * The guard is the first thing in both node:http handlers (request and upgrade), so every
 * request and every upgrade meets the same check before anything else reads it, the URL included.
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
      sendJson(response, refusal.status, refusal.body);
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

const HEALTH = JSON.stringify({ ok: true });

/**
 * One node:http server per listener. The daemon serves one route (`GET /health`) and the
 * WebSocket upgrade on `/rpc`, so it needs no router or plugin system: a web framework's code
 * and the objects it builds at start stayed in an idle daemon's memory for nothing (#13).
 */
function buildServer(guard: ReturnType<typeof createGuard>): Server {
  return createServer((request, response) => {
    if (guard.refuse(request, response)) return;
    const path = (request.url ?? "").split("?")[0];
    if (request.method === "GET" && path === "/health") sendJson(response, 200, HEALTH);
    else sendJson(response, 404, NOT_FOUND.body);
  }).on("upgrade", guard.upgrade);
}

function listen(server: Server, options: ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** Stops accepting, drops idle keep-alive connections and waits for requests in flight. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
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
    const unix = buildServer(guard);
    servers.push(unix);
    await listen(unix, { path: options.socketPath });
    chmodSync(options.socketPath, 0o600);
    if (options.tcpPort !== undefined) {
      const tcp = buildServer(guard);
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
