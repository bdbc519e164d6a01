import { EventEmitter } from "node:events";
import { type BerthConnection, ConnectionError, ensureDaemon } from "@berth/client";

export interface LinkOptions {
  home: string;
  /** berth-daemon.js; when set, a daemon that is not running is started. */
  daemonEntry?: string;
  daemonEnv?: NodeJS.ProcessEnv;
  /** Delay between reconnection attempts. */
  retryMs?: number;
  /** Attempts before giving up (the user can reconnect by running any command). */
  maxRetries?: number;
}

/**
 * The extension's one connection to the daemon. When it drops (daemon restart, sleep) it
 * reconnects and emits `reconnected` with the new connection, so each open session re-attaches
 * with its cursor. Emits `disconnected` when the link is lost.
 */
export class DaemonLink extends EventEmitter {
  private current: BerthConnection | undefined;
  private connecting: Promise<BerthConnection> | undefined;
  private disposed = false;

  constructor(private readonly options: LinkOptions) {
    super();
  }

  get connection(): BerthConnection | undefined {
    return this.current?.isOpen ? this.current : undefined;
  }

  /** The open connection, connecting (and starting the daemon) when needed. */
  async get(): Promise<BerthConnection> {
    if (this.current?.isOpen) return this.current;
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<BerthConnection> {
    const conn = await ensureDaemon({
      home: this.options.home,
      clientInfo: { name: "berth-vscode", version: "0.1.0", retention: "confirm" },
      ...(this.options.daemonEntry ? { daemonEntry: this.options.daemonEntry } : {}),
      ...(this.options.daemonEnv ? { daemonEnv: this.options.daemonEnv } : {}),
    });
    const wasConnected = this.current !== undefined;
    this.current = conn;
    conn.once("close", () => {
      if (this.current !== conn || this.disposed) return;
      this.emit("disconnected");
      void this.reconnect();
    });
    if (wasConnected) this.emit("reconnected", conn);
    return conn;
  }

  private async reconnect(): Promise<void> {
    const max = this.options.maxRetries ?? 40;
    for (let attempt = 0; attempt < max && !this.disposed; attempt++) {
      await new Promise((r) => setTimeout(r, this.options.retryMs ?? 250));
      try {
        await this.get();
        return;
      } catch (error) {
        if (error instanceof ConnectionError && error.code === "UNAUTHORIZED") break;
      }
    }
    this.emit("lost");
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.current?.close();
  }
}
