import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import WebSocket from "ws";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "./http";

const TOKEN = "t0ken";
const AUTH = { authorization: `Bearer ${TOKEN}`, host: "localhost" };
let dir: string;
let server: RunningServer | undefined;
let socketPath: string;
const accepted: WebSocket[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "berth-http-"));
  socketPath = join(dir, "run", "d.sock");
  accepted.length = 0;
  server = await startServer({
    socketPath,
    token: TOKEN,
    tcpPort: 0,
    logger: pino({ level: "silent" }),
    maxPayloadBytes: 1024,
    onConnection: (ws) => {
      accepted.push(ws);
      // As ClientConnection does: a protocol error (frame too large) closes the socket, no throw.
      ws.on("error", () => {});
      ws.on("message", (data) => ws.send(data));
    },
  });
});
afterEach(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(
  path: string,
  headers: Record<string, string>,
  method = "GET",
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ socketPath, path, method, headers });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

function upgrade(path: string, headers: Record<string, string>, via: "unix" | "tcp" = "unix") {
  const url = via === "unix" ? `ws+unix://${socketPath}:${path}` : `ws://127.0.0.1:${server?.tcpPort}${path}`;
  const ws = new WebSocket(url, { headers });
  return {
    ws,
    outcome: new Promise<number | "open">((resolve, reject) => {
      ws.on("open", () => resolve("open"));
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("error", reject);
    }),
  };
}

describe("daemon HTTP server (fastify)", () => {
  it("checks the token before fastify parses anything, even a URL it cannot decode", async () => {
    expect((await get("/%zz", { host: "localhost" })).status).toBe(401);
    expect((await get("/health", { host: "localhost", origin: "https://evil.example" })).status).toBe(403);
  });

  it("answers /health, and 404 for anything else, HEAD included", async () => {
    expect(await get("/health", AUTH)).toEqual({ status: 200, body: '{"ok":true}' });
    expect(await get("/rpc", AUTH)).toEqual({ status: 404, body: '{"error":"not found"}' });
    expect((await get("/health", AUTH, "HEAD")).status).toBe(404);
  });

  it("upgrades /rpc only, on both listeners, and refuses other upgrade paths", async () => {
    const unix = upgrade("/rpc", AUTH);
    const tcp = upgrade("/rpc?x=1", AUTH, "tcp");
    expect(await unix.outcome).toBe("open");
    expect(await tcp.outcome).toBe("open");
    unix.ws.close();
    tcp.ws.close();
    expect(await upgrade("/health", AUTH).outcome).toBe(404);
    expect(await upgrade("/rpc", { host: "localhost" }).outcome).toBe(401);
  });

  it("closes a client that sends a frame over the size limit", async () => {
    const { ws, outcome } = upgrade("/rpc", AUTH);
    await outcome;
    const closed = new Promise<number>((r) => ws.on("close", (code) => r(code)));
    ws.on("error", () => {});
    ws.send("x".repeat(2048));
    expect(await closed).toBe(1009);
  });

  it("on close says 1001 to connected clients and stops listening", async () => {
    const { ws, outcome } = upgrade("/rpc", AUTH);
    await outcome;
    const closed = new Promise<number>((r) => ws.on("close", (code) => r(code)));
    await server?.close();
    server = undefined;
    expect(await closed).toBe(1001);
    await expect(get("/health", AUTH)).rejects.toThrow();
  });
});
