import { isUtf8 } from "node:buffer";
import { createHash, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { connect, type Socket } from "node:net";

// A WebSocket client (RFC 6455) for the daemon's one endpoint, instead of the `ws` package: a
// client connects once per command, and `ws` loads http, https, tls and zlib and ~130 KB of its
// own code to do it, a measurable part of a warm `berth -p` (issue #13). This client speaks
// exactly what the daemon's `ws` server does with it: no extensions (the server is set up
// without permessage-deflate), no subprotocols, masked text frames out; text, binary, ping and
// close frames in, fragmented or not. Anything else the server sends is a protocol error that
// closes the connection, as `ws` does.

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/** The HTTP response to the upgrade is a few hundred bytes; a server that sends more is not ours. */
const MAX_HEAD_BYTES = 16 * 1024;

export interface WebSocketTarget {
  /** A Unix socket path, or a loopback TCP port. */
  endpoint: { socketPath: string } | { port: number };
  path: string;
  /** Extra request headers (e.g. authorization). Values may not hold CR or LF. */
  headers: Record<string, string>;
  /** Largest message accepted from the server, in bytes; a bigger one closes with 1009. */
  maxPayload: number;
  /** Gives up (code ETIMEDOUT) when the server has not switched protocols by then. */
  timeoutMs: number;
}

/** Why an upgrade failed: the HTTP status when the server answered, the socket error code when not. */
export class WebSocketOpenError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = "WebSocketOpenError";
  }
}

/** Opens the connection: resolves once the server has switched protocols. */
export function openWebSocket(target: WebSocketTarget): Promise<MiniWebSocket> {
  for (const [name, value] of Object.entries(target.headers)) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) throw new Error(`Header ${name} holds a line break.`);
  }
  const key = randomBytes(16).toString("base64");
  const socket =
    "socketPath" in target.endpoint
      ? connect({ path: target.endpoint.socketPath })
      : connect({ port: target.endpoint.port, host: "127.0.0.1" });
  socket.setNoDelay(true);
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const timer = setTimeout(
      () => fail(new WebSocketOpenError("Timed out opening the connection.", undefined, "ETIMEDOUT")),
      target.timeoutMs,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.destroy();
      reject(error);
    };
    const onError = (error: NodeJS.ErrnoException) =>
      fail(new WebSocketOpenError(error.message, undefined, error.code));
    const onClose = () =>
      fail(new WebSocketOpenError("The server closed the connection during the upgrade."));
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) {
        if (head.length > MAX_HEAD_BYTES) fail(new WebSocketOpenError("The upgrade response is too large."));
        return;
      }
      const problem = checkUpgrade(head.subarray(0, end).toString("latin1"), key);
      if (problem) {
        fail(problem);
        return;
      }
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("error", onError);
      socket.off("close", onClose);
      resolve(new MiniWebSocket(socket, head.subarray(end + 4), target.maxPayload));
    };
    socket.on("data", onData);
    socket.once("error", onError);
    socket.once("close", onClose);
    socket.once("connect", () => {
      const lines = [
        `GET ${target.path} HTTP/1.1`,
        "Host: localhost",
        "Upgrade: websocket",
        "Connection: Upgrade",
        `Sec-WebSocket-Key: ${key}`,
        "Sec-WebSocket-Version: 13",
        ...Object.entries(target.headers).map(([name, value]) => `${name}: ${value}`),
      ];
      socket.write(`${lines.join("\r\n")}\r\n\r\n`);
    });
  });
}

/** undefined when `head` is the 101 answer to our key with nothing we did not ask for. */
function checkUpgrade(head: string, key: string): WebSocketOpenError | undefined {
  const [statusLine = "", ...lines] = head.split("\r\n");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
  if (status !== 101)
    return new WebSocketOpenError(`Unexpected server response: ${status}`, status || undefined);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const accept = createHash("sha1")
    .update(key + GUID)
    .digest("base64");
  if (headers.get("upgrade")?.toLowerCase() !== "websocket" || headers.get("sec-websocket-accept") !== accept)
    return new WebSocketOpenError("Invalid upgrade response from the server.");
  if (headers.has("sec-websocket-extensions") || headers.has("sec-websocket-protocol"))
    return new WebSocketOpenError("The server chose an extension or subprotocol this client did not offer.");
  return undefined;
}

const OP = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

/**
 * An open connection. Events: `message` (text: string, isBinary: boolean), `close` (code, reason),
 * emitted once, and `error` (before a `close`) for a socket error or a protocol violation.
 */
export class MiniWebSocket extends EventEmitter {
  private buffered: Buffer;
  private fragments: Buffer[] = [];
  private fragmentBytes = 0;
  private fragmentOpcode = -1;
  private closeSent = false;
  private closeReceived: { code: number; reason: string } | undefined;
  private ended = false;

  constructor(
    private readonly socket: Socket,
    leftover: Buffer,
    private readonly maxPayload: number,
  ) {
    super();
    this.buffered = leftover;
    socket.on("data", (chunk: Buffer) => {
      this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
      this.parse();
    });
    socket.on("error", (error) => {
      if (this.listenerCount("error")) this.emit("error", error);
    });
    socket.on("close", () => this.finish());
    // Frames that came with the upgrade response are handled once the caller has its listeners.
    if (leftover.length) setImmediate(() => this.parse());
  }

  get isOpen(): boolean {
    return !this.closeSent && !this.ended && this.closeReceived === undefined;
  }

  send(text: string): void {
    if (this.isOpen) this.socket.write(frame(OP.text, Buffer.from(text, "utf8")));
  }

  /** Starts the closing handshake; `close` follows when the server answers or the socket ends. */
  close(code = 1000, reason = ""): void {
    if (this.closeSent || this.ended) return;
    this.closeSent = true;
    const body = Buffer.alloc(2 + Buffer.byteLength(reason));
    body.writeUInt16BE(code, 0);
    body.write(reason, 2);
    this.socket.write(frame(OP.close, body));
    if (this.closeReceived) this.socket.end();
  }

  /** Drops the connection at once. */
  terminate(): void {
    this.socket.destroy();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    const { code, reason } = this.closeReceived ?? { code: 1006, reason: "" };
    this.emit("close", code, reason);
  }

  /** A frame the protocol forbids: say why (close code), stop reading, and drop the connection. */
  private violation(code: number, message: string): void {
    if (this.listenerCount("error")) this.emit("error", new Error(message));
    this.close(code, "");
    this.buffered = Buffer.alloc(0);
    this.socket.pause();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  private parse(): void {
    while (!this.ended && this.buffered.length >= 2) {
      const data = this.buffered;
      const b0 = data[0] as number;
      const b1 = data[1] as number;
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      if ((b0 & 0x70) !== 0) {
        this.violation(1002, "RSV bits set without an extension.");
        return;
      }
      if ((b1 & 0x80) !== 0) {
        this.violation(1002, "The server masked a frame.");
        return;
      }
      let length = b1 & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (data.length < 4) return;
        length = data.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (data.length < 10) return;
        const big = data.readBigUInt64BE(2);
        if (big > BigInt(this.maxPayload)) {
          this.violation(1009, "Message too large.");
          return;
        }
        length = Number(big);
        offset = 10;
      }
      const control = opcode >= 8;
      if (control && (!fin || length > 125)) {
        this.violation(1002, "Invalid control frame.");
        return;
      }
      if (!control && this.fragmentBytes + length > this.maxPayload) {
        this.violation(1009, "Message too large.");
        return;
      }
      if (data.length < offset + length) return;
      const payload = data.subarray(offset, offset + length);
      this.buffered = data.subarray(offset + length);
      if (control) this.onControl(opcode, payload);
      else this.onData(opcode, fin, payload);
    }
  }

  private onControl(opcode: number, payload: Buffer): void {
    if (opcode === OP.ping) {
      if (this.isOpen) this.socket.write(frame(OP.pong, payload));
    } else if (opcode === OP.close) {
      const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      this.closeReceived = { code, reason: payload.subarray(2).toString("utf8") };
      if (this.closeSent) this.socket.end();
      else {
        this.close(payload.length >= 2 ? code : 1000, "");
        this.socket.end();
      }
    } else if (opcode !== OP.pong) {
      this.violation(1002, `Unknown control opcode ${opcode}.`);
    }
  }

  private onData(opcode: number, fin: boolean, payload: Buffer): void {
    if (opcode === OP.continuation) {
      if (this.fragmentOpcode < 0) {
        this.violation(1002, "Continuation without a first fragment.");
        return;
      }
    } else if (opcode === OP.text || opcode === OP.binary) {
      if (this.fragmentOpcode >= 0) {
        this.violation(1002, "New message inside a fragmented one.");
        return;
      }
      this.fragmentOpcode = opcode;
    } else {
      this.violation(1002, `Unknown data opcode ${opcode}.`);
      return;
    }
    this.fragments.push(payload);
    this.fragmentBytes += payload.length;
    if (!fin) return;
    const message = this.fragments.length === 1 ? payload : Buffer.concat(this.fragments);
    const isBinary = this.fragmentOpcode === OP.binary;
    this.fragments = [];
    this.fragmentBytes = 0;
    this.fragmentOpcode = -1;
    if (!isBinary && !isUtf8(message)) {
      this.violation(1007, "Text message is not valid UTF-8.");
      return;
    }
    this.emit("message", isBinary ? "" : message.toString("utf8"), isBinary);
  }
}

/** One final, masked frame (a client must mask everything it sends). */
function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const out = Buffer.allocUnsafe(2 + lengthBytes + 4 + length);
  out[0] = 0x80 | opcode;
  out[1] = 0x80 | (lengthBytes === 0 ? length : lengthBytes === 2 ? 126 : 127);
  if (lengthBytes === 2) out.writeUInt16BE(length, 2);
  else if (lengthBytes === 8) out.writeBigUInt64BE(BigInt(length), 2);
  const maskAt = 2 + lengthBytes;
  randomBytes(4).copy(out, maskAt);
  for (let i = 0; i < length; i++)
    out[maskAt + 4 + i] = (payload[i] as number) ^ (out[maskAt + (i & 3)] as number);
  return out;
}
