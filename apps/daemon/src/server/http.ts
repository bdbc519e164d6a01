import { chmodSync, lstatSync, mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import websocket from "@fastify/websocket";
import Fastify, { type FastifyInstance } from "fastify";
import type { WebSocket } from "ws";
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

async function buildApp(options: ServerOptions): Promise<FastifyInstance> {
  // Fastify's own request logging stays off: the guard logs refusals, the rest is noise.
  const app = Fastify({ logger: false });
  await app.register(websocket, {
    options: { maxPayload: options.maxPayloadBytes, perMessageDeflate: false },
  });
  app.addHook("onRequest", async (request, reply) => {
    const verdict = checkConnection(request.headers, options.token);
    if (!verdict.ok) {
      options.logger.warn({ reason: verdict.reason, url: request.url }, "connection refused");
      return reply.code(verdict.status).send({ error: verdict.reason });
    }
  });
  app.get("/rpc", { websocket: true }, (socket) => options.onConnection(socket));
  app.get("/health", async () => ({ ok: true }));
  return app;
}

/**
 * Serves the protocol on a Unix socket (in a 0700 directory) and optionally on loopback TCP.
 * Both listeners go through the same guard.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  ensurePrivateDir(dirname(options.socketPath));
  rmSync(options.socketPath, { force: true });
  const unixApp = await buildApp(options);
  await unixApp.listen({ path: options.socketPath });
  chmodSync(options.socketPath, 0o600);
  let tcpApp: FastifyInstance | undefined;
  let tcpPort: number | undefined;
  if (options.tcpPort !== undefined) {
    tcpApp = await buildApp(options);
    await tcpApp.listen({ host: "127.0.0.1", port: options.tcpPort });
    const address = tcpApp.server.address();
    tcpPort = typeof address === "object" && address ? address.port : undefined;
  }
  return {
    tcpPort,
    async close() {
      await Promise.allSettled([unixApp.close(), tcpApp?.close()]);
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
