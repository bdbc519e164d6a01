// stdio transport for MCP servers, in place of the SDK's: the server runs as the leader of its
// own process group (so stopping it takes its children too, and a registry of group ids lets the
// next daemon clean up after a `kill -9`), gets exactly the environment it is given (never the
// daemon's own), and output that is not JSON-RPC is counted and reported instead of ignored.
import { type ChildProcess, spawn } from "node:child_process";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ReadBuffer, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

export interface StdioTransportOptions {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Called with the process group id right after spawn, and with undefined once it is gone. */
  onGroup?: (pgid: number | undefined) => void;
}

const STDERR_TAIL = 2048;
const KILL_GRACE_MS = 2000;

export class ProcessGroupStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  private readonly buffer = new ReadBuffer();
  private stderrTail = "";
  /** The first line of stdout that was not JSON-RPC, for the report. */
  garbage: string | undefined;
  exitDescription: string | undefined;

  constructor(private readonly options: StdioTransportOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The end of what the server wrote to stderr, for error reports. */
  get stderr(): string {
    return this.stderrTail.trim();
  }

  start(): Promise<void> {
    const { command, args, env, cwd } = this.options;
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { env, cwd, stdio: ["pipe", "pipe", "pipe"], detached: true });
      this.child = child;
      // Reported at once (the pid is set when spawn returns), not on the "spawn" event a tick later,
      // so the daemon records the group before anything else can run.
      if (child.pid) this.options.onGroup?.(child.pid);
      child.once("error", (error: NodeJS.ErrnoException) => {
        const message =
          error.code === "ENOENT"
            ? `command not found: ${command}`
            : `could not start ${command}: ${error.message}`;
        const wrapped = new Error(message);
        reject(wrapped);
        this.onerror?.(wrapped);
      });
      child.once("spawn", () => resolve());
      child.once("close", (code, signal) => {
        this.exitDescription = signal ? `killed by ${signal}` : `exited with code ${code}`;
        this.options.onGroup?.(undefined);
        this.child = undefined;
        this.onclose?.();
      });
      child.stdin?.on("error", (error) => this.onerror?.(error));
      child.stdout?.on("data", (chunk: Buffer) => this.read(chunk));
      child.stderr?.on("data", (chunk: Buffer) => {
        this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL);
      });
    });
  }

  private read(chunk: Buffer): void {
    try {
      this.buffer.append(chunk);
    } catch (error) {
      this.onerror?.(error as Error);
      return;
    }
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.buffer.readMessage();
      } catch (error) {
        this.garbage ??= String((error as Error).message).slice(0, 200);
        this.onerror?.(new Error(`the server wrote something that is not JSON-RPC on stdout`));
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      const stdin = this.child?.stdin;
      if (!stdin || stdin.destroyed) throw new Error("the server is not running");
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once("drain", resolve);
    });
  }

  /** Stops the whole process group: SIGTERM, then SIGKILL if it lingers. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    const pgid = child.pid;
    const gone = new Promise<void>((resolve) => child.once("close", () => resolve()));
    child.stdin?.end();
    signalGroup(pgid, "SIGTERM");
    const timer = setTimeout(() => signalGroup(pgid, "SIGKILL"), KILL_GRACE_MS);
    await gone;
    clearTimeout(timer);
    // Children that ignored SIGTERM must not outlive their leader.
    signalGroup(pgid, "SIGKILL");
  }
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone (ESRCH): nothing left to stop.
  }
}
