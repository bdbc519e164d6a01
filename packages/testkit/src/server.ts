// The fake Messages API server. Plain node:http rather than a framework: the point is to control
// the bytes on the wire exactly (SSE framing, headers, status codes, when the socket closes), and a
// framework's serialisers, hooks and content negotiation would only stand between the test and them.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type ApiErrorResponse,
  apiErrorResponse,
  errorTurnResponse,
  fakeFailure,
  invalidRequest,
} from "./api-errors.js";
import type { CapturedBody, CapturedRequest } from "./captured.js";
import { BodyTooLargeError, pause, readBody, sendError, sendJson, writeSse } from "./http-io.js";
import { isErrorTurn, type ResponseTurn, type ScriptTurn } from "./schemas.js";
import { type Responder, TurnSource } from "./turn-source.js";
import { validateCountTokensRequest, validateMessagesRequest } from "./validate-request.js";
import { buildMessage, estimateTokens, fakeId, streamEvents } from "./wire.js";

export interface FakeAnthropicOptions {
  /** Turns served in order, before any `responder`. */
  script?: readonly ScriptTurn[];
  /** Produces turns once the script is used up (benchmarks, replies that depend on the request). */
  responder?: Responder;
  /** Delay between streamed events, in ms. Default 0. */
  latencyMs?: number;
  /** Characters per text/thinking delta (tool input JSON is split at least 3 ways regardless). Default 8. */
  chunkSize?: number;
  /** Report this model in responses; by default the request's `model` is echoed. */
  model?: string;
  /** When set, requests must carry it as `x-api-key` or `Authorization: Bearer`, else 401. */
  expectApiKey?: string;
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** One line per request (the bin sends these to stderr). */
  log?: (line: string) => void;
}

export interface FakeAnthropic {
  /** Base URL for the SDK, e.g. `http://127.0.0.1:43123` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Every request received, in arrival order, including rejected ones. */
  readonly requests: CapturedRequest[];
  /** Queued turns not yet served. */
  readonly remaining: number;
  /** Requests currently being answered (a stream counts until it ends or the client leaves). */
  readonly inFlight: number;
  enqueue(...turns: ScriptTurn[]): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  send(res: ServerResponse, signal: AbortSignal): Promise<void> | void;
}

const errorReply = (error: ApiErrorResponse): Reply => ({
  status: error.status,
  send: (res) => sendError(res, error),
});

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const source = new TurnSource(options.script ?? [], options.responder);
  const requests: CapturedRequest[] = [];
  const active = new Set<AbortController>();
  const chunkSize = options.chunkSize ?? 8;
  const latencyMs = options.latencyMs ?? 0;
  const log = options.log ?? (() => {});

  // A request stays in `active` until its handler has returned, not merely until the socket
  // closes, so `inFlight` also proves that an abandoned stream's pending delay was cancelled.
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController();
    active.add(controller);
    // A client that disconnects mid-stream is normal (the user pressed Esc): stop, report nothing.
    res.on("error", () => {});
    res.on("close", () => controller.abort());
    try {
      await respond(req, res, controller.signal);
    } finally {
      active.delete(controller);
    }
  }

  async function respond(req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
    const requestId = fakeId("req");
    res.setHeader("request-id", requestId);
    let reply: Reply;
    try {
      const captured = capture(req, await readBody(req), requestId);
      requests.push(captured);
      reply = await route(captured, signal);
    } catch (error) {
      if (signal.aborted) return;
      reply = errorReply(
        error instanceof BodyTooLargeError
          ? apiErrorResponse(413, "request_too_large")
          : fakeFailure(`internal error: ${String(error)}`),
      );
    }
    log(`${req.method} ${req.url} -> ${reply.status} ${requestId}`);
    try {
      await reply.send(res, signal);
    } catch (error) {
      if (signal.aborted) return;
      log(`failed to send response ${requestId}: ${String(error)}`);
      res.destroy();
    }
  }

  async function route(request: CapturedRequest, signal: AbortSignal): Promise<Reply> {
    const authProblem = checkAuth(request, options.expectApiKey);
    if (authProblem) return errorReply(apiErrorResponse(401, "authentication_error", authProblem));
    const known = request.path === "/v1/messages" || request.path === "/v1/messages/count_tokens";
    if (!known) return errorReply(apiErrorResponse(404, "not_found_error", `Not found: ${request.path}`));
    if (request.method !== "POST") {
      return errorReply(
        apiErrorResponse(405, "invalid_request_error", `Method ${request.method} not allowed`),
      );
    }
    if (!request.body) return errorReply(invalidRequest("There was an error parsing the body as JSON"));
    if (request.path === "/v1/messages/count_tokens") return countTokens(request.body);
    return messages(request, request.body, signal);
  }

  async function messages(request: CapturedRequest, body: CapturedBody, signal: AbortSignal): Promise<Reply> {
    const problem = validateMessagesRequest(body);
    if (problem) return errorReply(invalidRequest(problem));
    const next = await source.next(request);
    if (next.kind === "failure") return errorReply(fakeFailure(next.message));
    await pause(next.turn.delayMs ?? 0, signal);
    if (isErrorTurn(next.turn)) return errorReply(errorTurnResponse(next.turn));
    return messageReply(next.turn, body, request.rawBody.length);
  }

  function messageReply(turn: ResponseTurn, body: CapturedBody, requestChars: number): Reply {
    const message = buildMessage(turn, {
      model: options.model ?? String(body.model),
      inputTokens: estimateTokens(requestChars),
    });
    if (body.stream === true) {
      const events = streamEvents(message, { chunkSize, streamError: turn.streamError });
      return {
        status: 200,
        send: (res, signal) => writeSse(res, events, { latencyMs, signal, fault: turn.fault }),
      };
    }
    if (turn.streamError) {
      // Without a stream the same failure can only surface as an HTTP error.
      const status = turn.streamError.type === "overloaded_error" ? 529 : 500;
      return errorReply(apiErrorResponse(status, turn.streamError.type, turn.streamError.message));
    }
    return { status: 200, send: (res) => sendJson(res, 200, message) };
  }

  function countTokens(body: CapturedBody): Reply {
    const problem = validateCountTokensRequest(body);
    if (problem) return errorReply(invalidRequest(problem));
    const counted = JSON.stringify({ system: body.system, messages: body.messages, tools: body.tools });
    return {
      status: 200,
      send: (res) => sendJson(res, 200, { input_tokens: estimateTokens(counted.length) }),
    };
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get remaining() {
      return source.remaining;
    },
    get inFlight() {
      return active.size;
    },
    enqueue: (...turns) => source.enqueue(turns),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const controller of active) controller.abort();
        server.close(() => resolve());
        // The SDK keeps connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function capture(req: IncomingMessage, rawBody: string, requestId: string): CapturedRequest {
  const url = new URL(req.url ?? "/", "http://fake.invalid");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.search.replace(/^\?/, ""),
    headers,
    body: parseBody(rawBody),
    rawBody,
    requestId,
    receivedAt: Date.now(),
  };
}

function parseBody(rawBody: string): CapturedBody | undefined {
  if (rawBody === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(rawBody);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as CapturedBody)
      : undefined;
  } catch {
    return undefined;
  }
}

function checkAuth(request: CapturedRequest, expected: string | undefined): string | undefined {
  if (expected === undefined) return undefined;
  const apiKey = request.headers["x-api-key"];
  const bearer = request.headers.authorization?.replace(/^Bearer\s+/i, "");
  if (apiKey === undefined && bearer === undefined) return "x-api-key header is required";
  if (apiKey === expected || bearer === expected) return undefined;
  return "invalid x-api-key";
}
