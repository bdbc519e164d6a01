import { createHash } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createNetServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { type MiniWebSocket, openWebSocket, type WebSocketOpenError } from "./ws-client";

// The client against the `ws` server the daemon runs (and, for what `ws` will not send, a raw
// socket): every frame shape the daemon can produce, and the ways a server can misbehave.

const dirs: string[] = [];
const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function socketPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-ws-"));
  dirs.push(dir);
  return join(dir, "s.sock");
}

/** A `ws` server on a Unix socket, set up as the daemon's is (no compression). */
async function wsServer(options: { refuse?: number } = {}) {
  const path = socketPath();
  const http: Server = createHttpServer();
  const wss = new WebSocketServer({
    server: http,
    perMessageDeflate: false,
    verifyClient: (_info, done) => (options.refuse ? done(false, options.refuse) : done(true)),
  });
  http.listen(path);
  await once(http, "listening");
  closers.push(() => {
    for (const c of wss.clients) c.terminate();
    wss.close();
    http.close();
  });
  return { path, wss };
}

const open = (path: string, maxPayload = 1 << 20, timeoutMs = 5000) =>
  openWebSocket({
    endpoint: { socketPath: path },
    path: "/rpc",
    headers: { authorization: "Bearer t" },
    maxPayload,
    timeoutMs,
  });

const nextMessage = (ws: MiniWebSocket) => once(ws, "message").then(([text]) => text as string);

describe("the WebSocket client", () => {
  it("exchanges text of every length encoding, and sends its headers", async () => {
    const { path, wss } = await wsServer();
    let auth: string | undefined;
    wss.on("connection", (peer, req) => {
      auth = req.headers.authorization;
      peer.on("message", (data) => peer.send(`echo:${data.toString()}`));
    });
    const ws = await open(path);
    expect(auth).toBe("Bearer t");
    for (const text of ["hi ✓", "x".repeat(300), "y".repeat(70_000)]) {
      ws.send(text);
      expect(await nextMessage(ws)).toBe(`echo:${text}`);
    }
    ws.terminate();
  });

  it("joins fragmented messages and answers pings", async () => {
    const { path, wss } = await wsServer();
    const pong = new Promise<Buffer>((resolve) =>
      wss.on("connection", (peer) => {
        peer.on("pong", resolve);
        peer.send("one ", { fin: false });
        peer.send("two", { fin: true });
        peer.ping("are you there");
      }),
    );
    const ws = await open(path);
    expect(await nextMessage(ws)).toBe("one two");
    expect((await pong).toString()).toBe("are you there");
    ws.terminate();
  });

  it("closes with a handshake either way, with the code and reason", async () => {
    const { path, wss } = await wsServer();
    const serverSaw = new Promise<[number, string]>((resolve) =>
      wss.once("connection", (peer) =>
        peer.on("close", (code, reason) => resolve([code, reason.toString()])),
      ),
    );
    const ws = await open(path);
    const closed = once(ws, "close");
    ws.close(1000, "client closing");
    expect(await serverSaw).toEqual([1000, "client closing"]);
    expect((await closed)[0]).toBe(1000);

    wss.once("connection", (peer) => peer.close(4001, "going away"));
    const second = await open(path);
    expect(await once(second, "close")).toEqual([4001, "going away"]);
  });

  it("reports a refused upgrade with its HTTP status", async () => {
    const { path } = await wsServer({ refuse: 401 });
    await expect(open(path)).rejects.toMatchObject({ statusCode: 401 });
  });

  it("closes with 1009 on a message over its limit", async () => {
    const { path, wss } = await wsServer();
    const serverSaw = new Promise<number>((resolve) =>
      wss.once("connection", (peer) => {
        peer.on("close", resolve);
        peer.send("z".repeat(2000));
      }),
    );
    const ws = await open(path, 1000);
    const error = once(ws, "error");
    expect(String((await error)[0])).toContain("too large");
    expect(await serverSaw).toBe(1009);
  });

  /** A server that upgrades, then writes `frame` raw; what the client said and emitted. */
  async function rawServer(frame: Buffer | undefined) {
    const path = socketPath();
    const received: Buffer[] = [];
    const server = createNetServer((socket: Socket) => {
      socket.on("data", (chunk) => {
        received.push(chunk);
        const text = Buffer.concat(received).toString("latin1");
        const key = /Sec-WebSocket-Key: (\S+)/.exec(text)?.[1];
        if (!frame || !key || received.length > 1) return;
        const accept = createHash("sha1")
          .update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
          .digest("base64");
        socket.write(
          `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
        );
        socket.write(frame);
      });
    });
    server.listen(path);
    await once(server, "listening");
    closers.push(() => server.close());
    return path;
  }

  it("rejects what the protocol forbids: invalid UTF-8, a masked frame", async () => {
    for (const frame of [
      Buffer.from([0x81, 0x01, 0xff]),
      Buffer.from([0x81, 0x81, 1, 2, 3, 4, 0x61]),
      Buffer.from([0x89, 0x7e, 0, 200]),
    ]) {
      const ws = await open(await rawServer(frame));
      const [error] = await once(ws, "error");
      expect(error).toBeInstanceOf(Error);
      await once(ws, "close");
    }
  });

  it("gives up on a server that never answers the upgrade", async () => {
    const path = await rawServer(undefined);
    const err = (await open(path, 1000, 200).catch((e) => e)) as WebSocketOpenError;
    expect(err.code).toBe("ETIMEDOUT");
  });
});
