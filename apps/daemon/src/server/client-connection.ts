import { randomUUID } from "node:crypto";
import {
  encodeError,
  encodeNotification,
  encodeResult,
  MAX_MESSAGE_BYTES,
  type NotificationName,
  ProtocolError,
  parseFrame,
  type RequestId,
  type RetentionIntent,
  type SessionEventNotification,
} from "@berth/protocol";
import type { WebSocket } from "ws";
import type { Logger } from "../lifecycle/logger";
import type { Subscriber } from "../sessions/live-session";
import type { Router } from "./router";
import { type BufferLimits, DEFAULT_BUFFER_LIMITS, SendBudget } from "./send-budget";
import { redactError } from "../secrets/daemon-secrets";

/** Corked bytes after which a burst is written out without waiting for the loop to turn. */
const CORK_FLUSH_BYTES = 64 * 1024;
/** Requests waiting behind the one being handled; more get an Overloaded error. */
const MAX_QUEUED_REQUESTS = 256;

/**
 * One client connection: the initialize handshake, requests handled in order (so
 * requests touching one session never race), bounded queues, and session subscriptions.
 */
export class ClientConnection {
  readonly clientId = randomUUID();
  initialized = false;
  clientName = "unknown";
  /** What the client said about the start-up retention sweep (interactive clients `confirm`). */
  retentionIntent: RetentionIntent = "sweep";
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private readonly subscribers = new Map<string, Subscriber>();
  private readonly budget: SendBudget;
  private corked = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly router: Router,
    private readonly logger: Logger,
    private readonly onClose: (conn: ClientConnection) => void,
    limits: BufferLimits = DEFAULT_BUFFER_LIMITS,
  ) {
    this.budget = new SendBudget(limits);
    ws.on("message", (data, isBinary) => {
      if (isBinary) {
        this.sendError(
          null,
          new ProtocolError("InvalidRequest", "Binary frames are not supported; send JSON text."),
        );
        return;
      }
      this.onText(data.toString("utf8"));
    });
    ws.on("close", () => this.onClose(this));
    ws.on("error", (error) => this.logger.warn({ err: error, client: this.clientId }, "client socket error"));
  }

  get isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  subscriberFor(sessionId: string): Subscriber {
    const existing = this.subscribers.get(sessionId);
    if (existing) return existing;
    const sub: Subscriber = {
      clientId: this.clientId,
      deliver: (note: SessionEventNotification, frame?: string) => {
        if (!this.isOpen) return false;
        if (!this.budget.allows(this.ws.bufferedAmount)) return false;
        this.corkUntilNextTurn();
        this.ws.send(frame ?? encodeNotification("session/event", note));
        return true;
      },
      dropped: (reason: string) => {
        this.subscribers.delete(sessionId);
        this.notify("session/dropped", { sessionId, reason });
      },
      notice: (notice) => this.notify("daemon/notice", notice),
    };
    this.subscribers.set(sessionId, sub);
    return sub;
  }

  /**
   * Events come in bursts (one network chunk from the model is hundreds of deltas in one tick):
   * holding the socket corked until the event loop turns writes the burst with one writev
   * instead of one syscall per frame.
   */
  private corkUntilNextTurn(): void {
    const socket = (
      this.ws as unknown as { _socket?: { cork(): void; uncork(): void; writableLength: number } }
    )._socket;
    if (!socket) return;
    if (this.corked) {
      // A long burst (the model's whole reply already buffered) can keep the loop from turning
      // for a while: flush every CORK_FLUSH_BYTES so clients are not kept waiting for the end.
      if (socket.writableLength >= CORK_FLUSH_BYTES) {
        socket.uncork();
        socket.cork();
      }
      return;
    }
    this.corked = true;
    socket.cork();
    setImmediate(() => {
      this.corked = false;
      socket.uncork();
    });
  }

  forget(sessionId: string): void {
    this.subscribers.delete(sessionId);
  }

  notify(name: NotificationName, params: unknown): void {
    if (this.isOpen) this.ws.send(encodeNotification(name, params));
  }

  close(code = 1001, reason = "daemon shutting down"): void {
    if (this.isOpen) this.ws.close(code, reason);
  }

  private onText(text: string): void {
    const frame = parseFrame(text, MAX_MESSAGE_BYTES);
    if (frame.kind === "invalid") {
      this.sendError(frame.id, frame.error);
      return;
    }
    if (frame.kind !== "request") return; // notifications and stray responses from clients carry nothing we act on
    if (this.queued >= MAX_QUEUED_REQUESTS) {
      this.sendError(
        frame.id,
        new ProtocolError("Overloaded", "Too many requests in flight; retry shortly."),
      );
      return;
    }
    this.queued++;
    const { id, method, params } = frame;
    this.chain = this.chain.then(async () => {
      try {
        const result = await this.router.handle(this, method, params);
        if (this.isOpen) this.ws.send(encodeResult(id, result));
      } catch (error) {
        this.sendError(id, this.toProtocolError(error, method));
      } finally {
        this.queued--;
      }
    });
  }

  private toProtocolError(error: unknown, method: string): ProtocolError {
    if (error instanceof ProtocolError) return error;
    const code = (error as { code?: string } | null)?.code;
    if (code === "STORE_DISK_FULL" || code === "STORE_READONLY") {
      return new ProtocolError("StoreUnavailable", (error as Error).message);
    }
    this.logger.error({ err: error, method, client: this.clientId }, "request failed");
    return new ProtocolError("InternalError", `The daemon failed to handle ${method}; see the daemon log.`);
  }

  private sendError(id: RequestId | null, error: ProtocolError): void {
    if (this.isOpen) this.ws.send(encodeError(id, redactError(error)));
  }
}
