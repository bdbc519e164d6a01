import { request as httpRequest } from "node:http";
import { BerthConnection, ConnectionError } from "@berth/client";
import { berthPaths, encodeRequest, PROTOCOL_VERSION } from "@berth/protocol";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDaemon, type TestDaemon } from "./harness";

let t: TestDaemon;
beforeAll(async () => {
  t = await startTestDaemon({ tcpPort: 0 });
});
afterAll(async () => t.stop());

/** Opens a raw WebSocket with chosen headers and reports how the upgrade went. */
function tryUpgrade(headers: Record<string, string>, via: "unix" | "tcp" = "unix"): Promise<number | "open"> {
  const url =
    via === "unix" ? `ws+unix://${berthPaths(t.home).socket}:/rpc` : `ws://127.0.0.1:${t.daemon.tcpPort}/rpc`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on("open", () => {
      ws.close();
      resolve("open");
    });
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.on("error", reject);
  });
}

describe("connection guard", () => {
  it("accepts the bearer token from the 0600 token file", async () => {
    expect(await tryUpgrade({ authorization: `Bearer ${t.token()}`, host: "localhost" })).toBe("open");
  });

  it("refuses connections without a token or with a wrong one", async () => {
    expect(await tryUpgrade({ host: "localhost" })).toBe(401);
    expect(await tryUpgrade({ authorization: "Bearer nope", host: "localhost" })).toBe(401);
    expect(await tryUpgrade({ authorization: `Basic ${t.token()}`, host: "localhost" })).toBe(401);
  });

  it("refuses browser origins even with the right token (cross-site WebSocket hijacking)", async () => {
    const auth = `Bearer ${t.token()}`;
    expect(await tryUpgrade({ authorization: auth, host: "localhost", origin: "https://evil.example" })).toBe(
      403,
    );
    expect(await tryUpgrade({ authorization: auth, host: "localhost", origin: "null" })).toBe(403);
    expect(
      await tryUpgrade({ authorization: auth, host: "localhost", origin: "http://localhost:3000" }),
    ).toBe(403);
  });

  it("refuses non-loopback Host headers on TCP (DNS rebinding)", async () => {
    const auth = `Bearer ${t.token()}`;
    expect(await tryUpgrade({ authorization: auth, host: "evil.example:1234" }, "tcp")).toBe(403);
    expect(await tryUpgrade({ authorization: auth, host: "127.0.0.1.evil.example" }, "tcp")).toBe(403);
    expect(await tryUpgrade({ authorization: auth, host: `127.0.0.1:${t.daemon.tcpPort}` }, "tcp")).toBe(
      "open",
    );
  });

  it("refuses plain HTTP requests without the token too", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({
        socketPath: berthPaths(t.home).socket,
        path: "/health",
        headers: { host: "localhost" },
      });
      req.on("response", (res) => resolve(res.statusCode ?? 0));
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(401);
  });

  it("maps a refused client to a typed ConnectionError", async () => {
    const error = await BerthConnection.open({
      endpoint: { kind: "unix", socketPath: berthPaths(t.home).socket },
      token: "wrong",
      clientInfo: { name: "x", version: "0" },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe("UNAUTHORIZED");
  });
});

describe("bad input", () => {
  it("answers malformed frames with JSON-RPC errors and keeps the connection usable", async () => {
    const ws = new WebSocket(`ws+unix://${berthPaths(t.home).socket}:/rpc`, {
      headers: { authorization: `Bearer ${t.token()}`, host: "localhost" },
    });
    await new Promise((r) => ws.once("open", r));
    const replies: Array<{ id: unknown; error?: { code: number; message: string }; result?: unknown }> = [];
    ws.on("message", (d) => replies.push(JSON.parse(d.toString())));
    const send = (text: string | Buffer) => ws.send(text);
    const until = async (n: number) => {
      for (let i = 0; i < 200 && replies.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    };
    send("{not json");
    send(encodeRequest(1, "daemon/status", {}));
    await until(2);
    expect(replies[0]?.error?.code).toBe(-32700);
    expect(replies[1]?.error?.code).toBe(-32000); // not initialized yet
    send(
      encodeRequest(2, "initialize", {
        protocolVersion: PROTOCOL_VERSION,
        clientInfo: { name: "raw", version: "0" },
      }),
    );
    send(encodeRequest(3, "no/such", {}));
    send(encodeRequest(4, "session/attach", { sessionId: 42 }));
    send(
      JSON.stringify({
        jsonrpc: "2.0",
        id: 5,
        method: "session/send",
        params: { sessionId: "x", text: "y".repeat(5_000_000) },
      }),
    );
    send(encodeRequest(6, "session/get", { sessionId: "missing" }));
    send(Buffer.from([1, 2, 3]));
    send(encodeRequest(7, "daemon/status", {}));
    await until(9);
    const byId = new Map(replies.map((r) => [r.id, r]));
    expect(byId.get(2)?.result).toBeTruthy();
    expect(byId.get(3)?.error?.code).toBe(-32601);
    expect(byId.get(4)?.error?.code).toBe(-32602);
    expect(byId.get(4)?.error?.message).toMatch(/sessionId/);
    expect(replies.some((r) => r.error?.code === -32005)).toBe(true); // too large
    expect(byId.get(6)?.error?.code).toBe(-32002);
    expect(byId.get(7)?.result).toMatchObject({ pid: process.pid });
    ws.close();
  });

  it("rejects an unsupported protocol version with a clear message", async () => {
    const ws = new WebSocket(`ws+unix://${berthPaths(t.home).socket}:/rpc`, {
      headers: { authorization: `Bearer ${t.token()}`, host: "localhost" },
    });
    await new Promise((r) => ws.once("open", r));
    const reply = new Promise<{ error: { message: string } }>((r) =>
      ws.once("message", (d) => r(JSON.parse(d.toString()))),
    );
    ws.send(
      encodeRequest(1, "initialize", { protocolVersion: "999", clientInfo: { name: "old", version: "0" } }),
    );
    expect((await reply).error.message).toMatch(/speaks protocol 1/);
    ws.close();
  });
});
