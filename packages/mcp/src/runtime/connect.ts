// One live connection to one MCP server: the transport for its definition, the MCP handshake
// bounded by the start-up timeout, and its tool list. Errors come back worded for a person
// (what failed, and what the server said), never with header values or URL credentials.
import { execFile } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ServerDefinition } from "../config/server-schema.js";
import { redactUrl } from "../approval/fingerprint.js";
import { ProcessGroupStdioTransport } from "./stdio-transport.js";

export interface ConnectOptions {
  definition: ServerDefinition;
  /** Environment for stdio servers and headers helpers, already without model credentials. */
  env: Record<string, string>;
  cwd: string;
  startupTimeoutMs: number;
  onGroup?: (pgid: number | undefined) => void;
}

export interface McpConnection {
  client: Client;
  tools: Tool[];
  instructions?: string;
  /** Set when the transport ends on its own (crash, exit, network). */
  onClosed(listener: (why: string) => void): void;
  close(): Promise<void>;
}

export class McpStartError extends Error {
  override name = "McpStartError";
}

const CLIENT_INFO = { name: "berth", version: "0.1.0" };
const HELPER_TIMEOUT_MS = 10_000;

export async function connectServer(options: ConnectOptions): Promise<McpConnection> {
  const { definition } = options;
  const transport = await transportFor(options);
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  const closedListeners: Array<(why: string) => void> = [];
  let closing = false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new McpStartError(`did not finish starting within ${options.startupTimeoutMs} ms (MCP_TIMEOUT)`),
        ),
      options.startupTimeoutMs,
    );
  });
  try {
    await Promise.race([client.connect(transport, { timeout: options.startupTimeoutMs }), timeout]);
    const listed = client.getServerCapabilities()?.tools
      ? await Promise.race([client.listTools(undefined, { timeout: options.startupTimeoutMs }), timeout])
      : { tools: [] };
    clearTimeout(timer);
    client.onclose = () => {
      if (closing) return;
      const why =
        transport instanceof ProcessGroupStdioTransport
          ? stdioExit(transport, secretValuesOf(options))
          : "the connection closed";
      for (const l of closedListeners) l(why);
    };
    const instructions = client.getInstructions();
    return {
      client,
      tools: listed.tools,
      ...(instructions ? { instructions } : {}),
      onClosed: (l) => closedListeners.push(l),
      close: async () => {
        closing = true;
        await client.close().catch(() => undefined);
      },
    };
  } catch (error) {
    clearTimeout(timer);
    closing = true;
    await client.close().catch(() => undefined);
    await transport.close().catch(() => undefined);
    throw new McpStartError(startFailure(definition, transport, error, secretValuesOf(options)));
  }
}

function stdioExit(t: ProcessGroupStdioTransport, secrets: string[]): string {
  const parts = [`the server process ${t.exitDescription ?? "exited"}`];
  if (t.garbage) parts.push("after writing non-JSON output on stdout");
  if (t.stderr) parts.push(`(stderr: ${stderrTail(t, secrets)})`);
  return parts.join(" ");
}

/** The end of a server's stderr, which may echo its own credentials: known secret values are masked. */
function stderrTail(t: ProcessGroupStdioTransport, secrets: string[]): string {
  let text = t.stderr.split("\n").slice(-3).join(" | ");
  for (const secret of secrets) text = text.split(secret).join("***");
  return text;
}

const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH|COOKIE|SESSION/i;

/** Values that must never appear in a report: the server's own env, and secret-looking session vars. */
function secretValuesOf(options: ConnectOptions): string[] {
  const d = options.definition;
  const own = d.transport === "stdio" ? Object.values(d.env) : Object.values(d.headers);
  const named = Object.entries(options.env)
    .filter(([k]) => SECRET_NAME.test(k))
    .map(([, v]) => v);
  return [...new Set([...own, ...named])].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
}

function startFailure(
  definition: ServerDefinition,
  transport: Transport,
  error: unknown,
  secrets: string[],
): string {
  const message = error instanceof Error ? error.message : String(error);
  if (transport instanceof ProcessGroupStdioTransport) {
    const parts = [message];
    if (transport.exitDescription) parts.push(`the server process ${transport.exitDescription}`);
    if (transport.garbage)
      parts.push("it wrote non-JSON output on stdout (stdout is reserved for MCP messages)");
    if (transport.stderr) parts.push(`stderr: ${stderrTail(transport, secrets)}`);
    return parts.join("; ");
  }
  const url = definition.transport === "stdio" ? "" : redactUrl(definition.url);
  // Fetch errors may echo the request URL; only the redacted form is ever shown.
  return `${scrub(message, definition)} (${url})`;
}

function scrub(message: string, definition: ServerDefinition): string {
  if (definition.transport === "stdio") return message;
  let out = message.split(definition.url).join(redactUrl(definition.url));
  for (const value of Object.values(definition.headers))
    if (value.length >= 4) out = out.split(value).join("***");
  return out;
}

async function transportFor(options: ConnectOptions): Promise<Transport> {
  const d = options.definition;
  if (d.transport === "stdio") {
    return new ProcessGroupStdioTransport({
      command: d.command,
      args: d.args,
      env: { ...options.env, ...d.env },
      cwd: options.cwd,
      ...(options.onGroup ? { onGroup: options.onGroup } : {}),
    });
  }
  let url: URL;
  try {
    url = new URL(d.url);
  } catch {
    throw new McpStartError(`the url is not a valid URL (${redactUrl(d.url)})`);
  }
  const headers = {
    ...d.headers,
    ...(d.headersHelper ? await runHeadersHelper(d.headersHelper, options) : {}),
  };
  const requestInit: RequestInit = { headers };
  return d.transport === "sse"
    ? new SSEClientTransport(url, { requestInit, eventSourceInit: { fetch: withHeaders(headers) } })
    : new StreamableHTTPClientTransport(url, { requestInit });
}

const withHeaders =
  (headers: Record<string, string>) =>
  (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } });

const helperOutput = z.record(z.string(), z.string());

/** `headersHelper`: a command printing a JSON object of headers, limited to 10 s. */
function runHeadersHelper(command: string, options: ConnectOptions): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    execFile(
      "/bin/sh",
      ["-c", command],
      { env: options.env, cwd: options.cwd, timeout: HELPER_TIMEOUT_MS, maxBuffer: 64 * 1024 },
      (error, stdout) => {
        if (error)
          return reject(
            new McpStartError(
              `headersHelper failed: ${error.killed ? "timed out after 10 s" : `exit ${error.code}`}`,
            ),
          );
        try {
          resolve(helperOutput.parse(JSON.parse(stdout)));
        } catch {
          reject(new McpStartError("headersHelper did not print a JSON object of string headers"));
        }
      },
    );
  });
}
