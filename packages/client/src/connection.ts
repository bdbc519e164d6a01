import { EventEmitter } from "node:events";
import {
  type DaemonNotice,
  encodeNotification,
  encodeRequest,
  MAX_MESSAGE_BYTES,
  type MethodName,
  methods,
  type NotificationName,
  type NotificationParams,
  notifications,
  type ParamsOf,
  PROTOCOL_VERSION,
  ProtocolError,
  parseFrame,
  type ResultOf,
  type RetentionConfirmation,
  type RetentionIntent,
} from "@berth/protocol";
import { mark } from "@berth/protocol/timings";
import { ConnectionError } from "./connection-error";
import { type MiniWebSocket, openWebSocket, type WebSocketOpenError } from "./ws-client";

export { ConnectionError };

export interface ClientInfo {
  name: string;
  version: string;
  /**
   * What this client's arrival means for the daemon's start-up retention sweep (default `sweep`):
   * a dry run `defer`s it, an interactive client asks the user before a large deletion (`confirm`).
   */
  retention?: RetentionIntent;
}

export interface ConnectOptions {
  /** `unix:<socket path>` or `ws://127.0.0.1:<port>`. */
  endpoint: { kind: "unix"; socketPath: string } | { kind: "tcp"; port: number };
  token: string;
  clientInfo: ClientInfo;
  /** Milliseconds to wait for the WebSocket to open. */
  connectTimeoutMs?: number;
  /**
   * Resolve as soon as `initialize` is sent instead of answered: the caller's next requests go
   * out right behind it (the daemon handles a connection's requests in order), saving a round
   * trip. Those requests still fail with initialize's error if it fails; `ready` settles with
   * it, and clientId, notices and retentionConfirmation are set once it resolves.
   */
  pipelineInitialize?: boolean;
}

/**
 * Parse options for what the daemon sends. zod compiles a fast path (`new Function`) for each
 * object schema on its first parse; a client parses each shape only a few times, so compiling
 * costs more start-up time than it saves. Validation itself is the same.
 */
const PARSE = { jitless: true } as const;

/** What a failed upgrade means for a caller: refused (and why), unreachable, or too slow. */
function openError(err: WebSocketOpenError): ConnectionError {
  if (err.statusCode !== undefined) {
    const code = err.statusCode === 401 || err.statusCode === 403 ? "UNAUTHORIZED" : "OTHER";
    return new ConnectionError(code, `The Berth daemon refused the connection (HTTP ${err.statusCode}).`);
  }
  if (err.code === "ETIMEDOUT")
    return new ConnectionError("TIMEOUT", "Timed out connecting to the Berth daemon.");
  const code = err.code === "ECONNREFUSED" || err.code === "ENOENT" ? err.code : "OTHER";
  return new ConnectionError(code, `Cannot reach the Berth daemon: ${err.message}`);
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; method: MethodName };

/**
 * One authenticated JSON-RPC connection to the daemon. Results are validated against
 * the protocol's schemas, so a caller gets typed values or a typed error, never a guess.
 */
export class BerthConnection extends EventEmitter {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;
  clientId = "";
  /** Notices the daemon had kept for the next client (e.g. what a retention sweep removed). */
  notices: DaemonNotice[] = [];
  /** Set when the daemon holds a large retention sweep until this (interactive) client's user agrees. */
  retentionConfirmation: RetentionConfirmation | null = null;
  /** Settles with `initialize`'s answer (see ConnectOptions.pipelineInitialize). */
  ready: Promise<void> = Promise.resolve();

  private constructor(private readonly ws: MiniWebSocket) {
    super();
    ws.on("message", (text: string) => this.onFrame(text));
    ws.on("close", (code: number, reason: string) => {
      this.closed = true;
      const error = new ConnectionError(
        "CLOSED",
        `Connection to the Berth daemon closed (${code} ${reason})`,
      );
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      this.emit("close", code, reason);
    });
    ws.on("error", (err: Error) => this.emit("transportError", err));
  }

  static async open(options: ConnectOptions): Promise<BerthConnection> {
    const ws = await openWebSocket({
      endpoint:
        options.endpoint.kind === "unix"
          ? { socketPath: options.endpoint.socketPath }
          : { port: options.endpoint.port },
      path: "/rpc",
      headers: { authorization: `Bearer ${options.token}` },
      maxPayload: 64 * 1024 * 1024,
      timeoutMs: options.connectTimeoutMs ?? 5000,
    }).catch((err: WebSocketOpenError) => {
      throw openError(err);
    });
    mark("client.ws-open");
    const conn = new BerthConnection(ws);
    const { retention, ...clientInfo } = options.clientInfo;
    conn.ready = conn
      .send("initialize", {
        protocolVersion: PROTOCOL_VERSION,
        clientInfo,
        ...(retention ? { retention } : {}),
      })
      .then((init) => {
        conn.clientId = init.clientId;
        conn.notices = init.notices;
        conn.retentionConfirmation = init.retentionConfirmation;
        mark("client.initialized");
      });
    if (!options.pipelineInitialize) await conn.ready;
    // Pipelined, a failure shows in the caller's requests (and `ready`), never as unhandled.
    else conn.ready.catch(() => {});
    return conn;
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.isOpen;
  }

  /** Sends a request now; its answer is settled after `initialize`'s (see `ready`). */
  request<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const answer = this.send(method, params);
    return Promise.all([this.ready, answer]).then(([, result]) => result);
  }

  private send<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    if (!this.isOpen)
      return Promise.reject(new ConnectionError("CLOSED", "Not connected to the Berth daemon."));
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.ws.send(encodeRequest(id, method, params));
    });
  }

  /** Sends raw text; for tests that exercise the daemon's handling of bad frames. */
  sendRaw(text: string): void {
    this.ws.send(text);
  }

  notify(method: string, params: unknown): void {
    this.ws.send(encodeNotification(method, params));
  }

  onNotification<N extends NotificationName>(
    name: N,
    listener: (params: NotificationParams<N>) => void,
  ): () => void {
    this.on(name, listener);
    return () => this.off(name, listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      this.ws.once("close", () => resolve());
      this.ws.close(1000, "client closing");
      setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 1000).unref();
    });
  }

  private onFrame(text: string): void {
    const frame = parseFrame(text, MAX_MESSAGE_BYTES * 4, PARSE);
    if (frame.kind === "result" || frame.kind === "error") {
      const id = typeof frame.id === "number" ? frame.id : Number(frame.id);
      const pending = this.pending.get(id);
      if (!pending) return;
      this.pending.delete(id);
      if (frame.kind === "error") {
        pending.reject(ProtocolError.fromErrorObject(frame.error));
        return;
      }
      const parsed = methods[pending.method].result.safeParse(frame.result, PARSE);
      if (parsed.success) pending.resolve(parsed.data);
      else
        pending.reject(
          new ProtocolError("InternalError", `Daemon sent an invalid ${pending.method} result.`),
        );
      return;
    }
    if (frame.kind === "notification" && Object.hasOwn(notifications, frame.method)) {
      const name = frame.method as NotificationName;
      const parsed = notifications[name].params.safeParse(frame.params, PARSE);
      if (parsed.success) this.emit(name, parsed.data);
      else this.emit("protocolWarning", `invalid ${name} notification`);
    }
  }
}
