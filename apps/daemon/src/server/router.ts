import { isMethodName, type MethodName, methods, type ParsedParamsOf, ProtocolError } from "@berth/protocol";
import { mark } from "@berth/protocol/timings";
import { z } from "zod";
import type { ClientConnection } from "./client-connection";

export type Handlers = {
  [M in MethodName]: (conn: ClientConnection, params: ParsedParamsOf<M>) => Promise<unknown> | unknown;
};

/** Validates params against the method table, enforces the handshake, dispatches. */
export class Router {
  constructor(private readonly handlers: Handlers) {}

  async handle(conn: ClientConnection, method: string, rawParams: unknown): Promise<unknown> {
    if (!isMethodName(method)) {
      throw new ProtocolError("MethodNotFound", `Unknown method "${method.slice(0, 100)}".`);
    }
    if (!conn.initialized && method !== "initialize") {
      throw new ProtocolError("NotInitialized", "Send `initialize` before any other request.");
    }
    const parsed = methods[method].params.safeParse(rawParams ?? {});
    if (!parsed.success) {
      throw new ProtocolError(
        "InvalidParams",
        `Invalid params for ${method}: ${z.prettifyError(parsed.error)}`,
      );
    }
    const handler = this.handlers[method] as (conn: ClientConnection, params: unknown) => unknown;
    mark("rpc.start", method);
    try {
      return await handler(conn, parsed.data);
    } finally {
      mark("rpc.end", method);
    }
  }
}
