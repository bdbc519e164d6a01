import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROTOCOL_VERSION, ProtocolError } from "@berth/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { BerthConnection } from "./connection";

// BerthConnection against a scripted JSON-RPC peer on a real `ws` server over a Unix socket:
// what a pipelined `initialize` sends when, and how its failure reaches the caller.

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface Frame {
  id: number;
  method: string;
}

/**
 * A daemon stand-in that holds its answer to `initialize` until a second request has arrived
 * (proof that the client did not wait), then answers everything in order.
 */
async function scriptedDaemon(initialize: (frame: Frame) => object) {
  const dir = mkdtempSync(join(tmpdir(), "berth-conn-"));
  const path = join(dir, "s.sock");
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  const received: string[] = [];
  wss.on("connection", (ws: WebSocket) => {
    const held: Frame[] = [];
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      received.push(frame.method);
      held.push(frame);
      if (held.length < 2) return;
      for (const f of held.splice(0)) {
        const reply =
          f.method === "initialize"
            ? initialize(f)
            : {
                jsonrpc: "2.0",
                id: f.id,
                result: {
                  pid: 1,
                  version: "t",
                  protocolVersion: PROTOCOL_VERSION,
                  home: "/h",
                  startedAt: 0,
                  uptimeMs: 0,
                  liveSessions: 0,
                  clients: 1,
                  rssBytes: 0,
                },
              };
        ws.send(JSON.stringify(reply));
      }
    });
  });
  http.listen(path);
  await once(http, "listening");
  cleanups.push(() => {
    for (const c of wss.clients) c.terminate();
    wss.close();
    http.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { path, received };
}

const initialized = (f: Frame) => ({
  jsonrpc: "2.0",
  id: f.id,
  result: {
    protocolVersion: PROTOCOL_VERSION,
    serverInfo: { name: "berth-daemon", version: "t", pid: 1 },
    clientId: "client-7",
    notices: [{ level: "info", message: "swept 3 sessions" }],
  },
});

const open = (path: string, pipelineInitialize: boolean) =>
  BerthConnection.open({
    endpoint: { kind: "unix", socketPath: path },
    token: "t",
    clientInfo: { name: "test", version: "0" },
    pipelineInitialize,
  });

describe("a pipelined initialize", () => {
  it("lets the next request go out before initialize is answered, and fills in its answer", async () => {
    const daemon = await scriptedDaemon(initialized);
    const conn = await open(daemon.path, true);
    cleanups.push(() => void conn.close());
    expect(conn.clientId).toBe(""); // not answered yet: the daemon holds it for a second request
    const status = await conn.request("daemon/status", {});
    expect(status.clients).toBe(1);
    expect(daemon.received).toEqual(["initialize", "daemon/status"]);
    await conn.ready;
    expect(conn.clientId).toBe("client-7");
    expect(conn.notices).toEqual([{ level: "info", message: "swept 3 sessions" }]);
  });

  it("fails the requests behind it with initialize's own error", async () => {
    const daemon = await scriptedDaemon((f) => ({
      jsonrpc: "2.0",
      id: f.id,
      error: { code: -32001, message: "Protocol version 0 is not supported by this daemon (1)." },
    }));
    const conn = await open(daemon.path, true);
    cleanups.push(() => void conn.close());
    const failure = await conn.request("daemon/status", {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProtocolError);
    expect(String(failure)).toMatch(/Protocol version 0 is not supported/);
    await expect(conn.ready).rejects.toThrow(/Protocol version 0/);
  });

  it("is not the default: open waits for the answer", async () => {
    const daemon = await scriptedDaemon(initialized);
    // This peer answers only once two requests are in, so a waiting open must time out here.
    const outcome = await Promise.race([
      open(daemon.path, false).then(
        () => "opened",
        () => "failed", // when the cleanup closes the peer
      ),
      new Promise((resolve) => setTimeout(() => resolve("still waiting"), 300)),
    ]);
    expect(outcome).toBe("still waiting");
    expect(daemon.received).toEqual(["initialize"]);
  });
});
