// A tiny Messages API for this package's tests: real HTTP on 127.0.0.1, every request
// captured, the reply chosen per request by the test. (packages/testkit has the full fake;
// this one stays small so these tests can script auth failures request by request.)
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Reply =
  | { status: number; json?: unknown; headers?: Record<string, string> }
  | "message"
  | "stream";

export interface FakeApi {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export function messageJson(model = "claude-sonnet-4-5") {
  return {
    id: "msg_test",
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text: "hello" }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 3, output_tokens: 1 },
  };
}

function writeStream(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream" });
  const { content: _content, ...start } = messageJson();
  const events: [string, unknown][] = [
    ["message_start", { type: "message_start", message: { ...start, content: [], stop_reason: null } }],
    [
      "content_block_start",
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    ],
    [
      "content_block_delta",
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "hello" } },
    ],
    ["content_block_stop", { type: "content_block_stop", index: 0 }],
    [
      "message_delta",
      {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { output_tokens: 1 },
      },
    ],
    ["message_stop", { type: "message_stop" }],
  ];
  for (const [event, data] of events) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  res.end();
}

export const unauthorized: Reply = {
  status: 401,
  json: { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } },
};

export async function startFakeApi(
  reply: (request: SeenRequest, index: number) => Reply = () => "message",
): Promise<FakeApi> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const seen = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(seen);
      const answer = reply(seen, requests.length - 1);
      if (answer === "stream") return writeStream(res);
      if (answer === "message") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify(messageJson()));
      }
      // x-should-retry: false keeps the SDK from retrying scripted errors on its own.
      res.writeHead(answer.status, {
        "content-type": "application/json",
        "x-should-retry": "false",
        ...answer.headers,
      });
      res.end(JSON.stringify(answer.json ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
