import { z } from "zod";

/** JSON-RPC 2.0 envelopes. One message per WebSocket text frame. */

export const RequestId = z.union([z.string().min(1).max(128), z.number().int()]);
export type RequestId = z.infer<typeof RequestId>;

export const RequestEnvelope = z.object({
  jsonrpc: z.literal("2.0"),
  id: RequestId,
  method: z.string().min(1).max(128),
  params: z.unknown().optional(),
});
export type RequestEnvelope = z.infer<typeof RequestEnvelope>;

export const NotificationEnvelope = z.object({
  jsonrpc: z.literal("2.0"),
  method: z.string().min(1).max(128),
  params: z.unknown().optional(),
});
export type NotificationEnvelope = z.infer<typeof NotificationEnvelope>;

export const ErrorObject = z.object({
  code: z.number().int(),
  message: z.string(),
  data: z
    .object({
      /** Stable, documented error name (see ErrorCodes). */
      name: z.string(),
      retryable: z.boolean().optional(),
      details: z.unknown().optional(),
    })
    .optional(),
});
export type ErrorObject = z.infer<typeof ErrorObject>;

export const SuccessEnvelope = z.object({ jsonrpc: z.literal("2.0"), id: RequestId, result: z.unknown() });
export const ErrorEnvelope = z.object({
  jsonrpc: z.literal("2.0"),
  id: z.union([RequestId, z.null()]),
  error: ErrorObject,
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/**
 * The error catalogue. Codes -32700..-32600 are JSON-RPC's own; the rest are Berth's.
 * Each entry says what happened and whether retrying the same request can help.
 */
export const ErrorCodes = {
  ParseError: { code: -32700, retryable: false, doc: "The frame is not valid JSON." },
  InvalidRequest: {
    code: -32600,
    retryable: false,
    doc: "The frame is JSON but not a JSON-RPC 2.0 request.",
  },
  MethodNotFound: { code: -32601, retryable: false, doc: "No such method in this protocol version." },
  InvalidParams: { code: -32602, retryable: false, doc: "The params do not match the method's schema." },
  InternalError: { code: -32603, retryable: true, doc: "An unexpected daemon error; the daemon logs it." },
  NotInitialized: { code: -32000, retryable: false, doc: "Call `initialize` before anything else." },
  UnsupportedVersion: {
    code: -32001,
    retryable: false,
    doc: "The client's protocol version is not one the daemon speaks.",
  },
  SessionNotFound: {
    code: -32002,
    retryable: false,
    doc: "No session with that id (it may have been deleted).",
  },
  AlreadyAnswered: {
    code: -32003,
    retryable: false,
    doc: "Another client already answered that permission request.",
  },
  Overloaded: {
    code: -32004,
    retryable: true,
    doc: "The daemon or this connection's queue is full; retry later.",
  },
  MessageTooLarge: { code: -32005, retryable: false, doc: "The frame exceeds the maximum message size." },
  SessionBusy: {
    code: -32006,
    retryable: true,
    doc: "The session cannot take that request in its current state.",
  },
  InvalidState: { code: -32007, retryable: false, doc: "The request does not fit the session's state." },
  NoCredentials: {
    code: -32010,
    retryable: false,
    doc: "No model credentials are configured for this session.",
  },
  StoreUnavailable: {
    code: -32011,
    retryable: true,
    doc: "The history store cannot be written (disk full or read-only home).",
  },
  PolicyRefused: { code: -32012, retryable: false, doc: "Managed policy refuses the requested setting." },
} as const;
export type ErrorName = keyof typeof ErrorCodes;

/** A protocol-level error with a stable name, carried as a JSON-RPC error object. */
export class ProtocolError extends Error {
  readonly errorName: ErrorName;
  readonly details: unknown;
  constructor(name: ErrorName, message: string, details?: unknown) {
    super(message);
    this.name = "ProtocolError";
    this.errorName = name;
    this.details = details;
  }
  get code(): number {
    return ErrorCodes[this.errorName].code;
  }
  toErrorObject(): ErrorObject {
    const data: NonNullable<ErrorObject["data"]> = {
      name: this.errorName,
      retryable: ErrorCodes[this.errorName].retryable,
    };
    if (this.details !== undefined) data.details = this.details;
    return { code: this.code, message: this.message, data };
  }
  static fromErrorObject(obj: ErrorObject): ProtocolError {
    const name = (obj.data?.name ?? nameForCode(obj.code) ?? "InternalError") as ErrorName;
    return new ProtocolError(name in ErrorCodes ? name : "InternalError", obj.message, obj.data?.details);
  }
}

function nameForCode(code: number): ErrorName | undefined {
  for (const [name, entry] of Object.entries(ErrorCodes)) if (entry.code === code) return name as ErrorName;
  return undefined;
}

export type IncomingFrame =
  | { kind: "request"; id: RequestId; method: string; params: unknown }
  | { kind: "notification"; method: string; params: unknown }
  | { kind: "result"; id: RequestId; result: unknown }
  | { kind: "error"; id: RequestId | null; error: ErrorObject }
  | { kind: "invalid"; id: RequestId | null; error: ProtocolError };

/**
 * Options for `parseFrame`. `jitless` skips zod's compiled fast path: a short-lived client parses
 * each envelope shape a handful of times, fewer than compiling it (`new Function`) pays back.
 */
export interface ParseFrameOptions {
  jitless?: boolean;
}

/** Classifies one text frame without throwing: bad input becomes an `invalid` frame. */
export function parseFrame(text: string, maxBytes: number, options: ParseFrameOptions = {}): IncomingFrame {
  if (Buffer.byteLength(text, "utf8") > maxBytes) {
    return {
      kind: "invalid",
      id: null,
      error: new ProtocolError("MessageTooLarge", `Message exceeds the ${maxBytes}-byte limit.`),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "invalid", id: null, error: new ProtocolError("ParseError", "Frame is not valid JSON.") };
  }
  const ctx = options.jitless ? { jitless: true } : undefined;
  const has = (key: string) => typeof value === "object" && value !== null && key in value;
  // A frame without `method` can only be a response, and one without `id` only a notification:
  // try that envelope first (the answer is the one the full sequence below would give) instead of
  // failing the request schema on every response and event a client receives.
  if (!has("method")) {
    const ok = SuccessEnvelope.safeParse(value, ctx);
    if (ok.success) return { kind: "result", id: ok.data.id, result: ok.data.result };
  } else if (!has("id")) {
    const note = NotificationEnvelope.safeParse(value, ctx);
    if (note.success) return { kind: "notification", method: note.data.method, params: note.data.params };
  }
  const request = RequestEnvelope.safeParse(value, ctx);
  if (request.success) {
    const { id, method, params } = request.data;
    return { kind: "request", id, method, params };
  }
  const note = NotificationEnvelope.safeParse(value, ctx);
  if (note.success && !has("id")) {
    return { kind: "notification", method: note.data.method, params: note.data.params };
  }
  const ok = SuccessEnvelope.safeParse(value, ctx);
  if (ok.success) return { kind: "result", id: ok.data.id, result: ok.data.result };
  const err = ErrorEnvelope.safeParse(value, ctx);
  if (err.success) return { kind: "error", id: err.data.id, error: err.data.error };
  const maybeId = RequestId.safeParse((value as { id?: unknown } | null)?.id, ctx);
  return {
    kind: "invalid",
    id: maybeId.success ? maybeId.data : null,
    error: new ProtocolError(
      "InvalidRequest",
      "Frame is not a JSON-RPC 2.0 message (need jsonrpc, method, id).",
    ),
  };
}

export function encodeRequest(id: RequestId, method: string, params: unknown): string {
  return JSON.stringify({ jsonrpc: "2.0", id, method, params });
}
export function encodeNotification(method: string, params: unknown): string {
  return JSON.stringify({ jsonrpc: "2.0", method, params });
}
export function encodeResult(id: RequestId, result: unknown): string {
  return JSON.stringify({ jsonrpc: "2.0", id, result: result ?? null });
}
export function encodeError(id: RequestId | null, error: ProtocolError): string {
  return JSON.stringify({ jsonrpc: "2.0", id, error: error.toErrorObject() });
}
