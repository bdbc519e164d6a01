// Small real HTTP servers for tests of outbound traffic: a sink that records every request
// and answers a fixed status, and a forwarding proxy that records every destination.
import { once } from "node:events";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpRecorder {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const closer = (server: Server) => () =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** Records every request and answers `status` (200 by default) with an empty JSON body. */
export async function startHttpRecorder(options: { status?: number } = {}): Promise<HttpRecorder> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(options.status ?? 200, { "content-type": "application/json" }).end("{}");
    });
  });
  return { url: await listen(server), requests, close: closer(server) };
}

/**
 * An HTTP proxy (absolute-form requests and CONNECT) that forwards and records the
 * destination of each request: `http://host:port/path` or `CONNECT host:port`.
 */
export async function startRecordingProxy(): Promise<{
  url: string;
  destinations: string[];
  close(): Promise<void>;
}> {
  const destinations: string[] = [];
  const server = createServer((req, res) => {
    destinations.push(req.url ?? "");
    const target = new URL(req.url ?? "");
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on("connect", (req, socket, head) => {
    destinations.push(`CONNECT ${req.url ?? ""}`);
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  return { url: await listen(server), destinations, close: closer(server) };
}
