// Low-level request/response plumbing for the fake server. Every wait takes the request's
// AbortSignal, which fires when the client goes away, so an abandoned stream stops at once and
// leaves no timer or listener behind.
import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { ApiErrorResponse } from "./api-errors.js";
import type { StreamFault } from "./schemas.js";
import { formatSse, type SseEvent } from "./wire.js";

/** The real API's request size limit; larger bodies get 413 request_too_large. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms > 0) await sleep(ms, undefined, { signal });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiErrorResponse): void {
  sendJson(res, error.status, error.body, error.headers);
}

export interface SseOptions {
  /** Delay before each event after the first, so clients see a stream rather than one burst. */
  latencyMs: number;
  signal: AbortSignal;
  fault?: StreamFault | undefined;
}

/** Breaks the stream as a flaky network or server would. True when the stream must end here. */
async function injectFault(res: ServerResponse, options: SseOptions): Promise<boolean> {
  switch (options.fault!.kind) {
    case "disconnect":
      // end, not destroy: what was written still arrives, then the chunked body stops short.
      res.socket?.end();
      return true;
    case "stall":
      // No bytes, connection open, until the client gives up (or the fake closes).
      if (!options.signal.aborted) await once(options.signal, "abort").catch(() => {});
      return true;
    case "malformed":
      res.write("event: content_block_delta\ndata: {this is not json\n\n");
      return false;
  }
}

export async function writeSse(res: ServerResponse, events: SseEvent[], options: SseOptions): Promise<void> {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
  });
  res.flushHeaders();
  for (const [index, event] of events.entries()) {
    if (index > 0) await pause(options.latencyMs, options.signal);
    if (options.signal.aborted || res.destroyed) return;
    if (options.fault && index === options.fault.afterEvents && (await injectFault(res, options))) return;
    // Respect backpressure: a slow reader must not make the fake buffer the whole stream.
    if (!res.write(formatSse(event))) await once(res, "drain", { signal: options.signal });
  }
  res.end();
}
