import type { IncomingHttpHeaders } from "node:http";
import { tokenMatches } from "../lifecycle/token";

/**
 * Decides, before any WebSocket upgrade, whether a local connection may talk to the daemon.
 * A browser page can open WebSockets to localhost (cross-site WebSocket hijacking) and a
 * DNS-rebound hostname can masquerade as loopback, so: no browser Origin, loopback Host only,
 * and the bearer token from the 0600 token file on every connection.
 */
export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Editor extensions run in Node hosts, which send no Origin or a vscode-* one. */
const ALLOWED_ORIGIN_SCHEMES = ["vscode-file:", "vscode-webview:"];

export function checkConnection(headers: IncomingHttpHeaders, token: string): GuardVerdict {
  const origin = headers.origin;
  if (origin !== undefined && !ALLOWED_ORIGIN_SCHEMES.some((s) => origin.startsWith(s))) {
    return { ok: false, status: 403, reason: "browser origin refused" };
  }
  if (headers["sec-fetch-site"] || headers["sec-fetch-mode"] === "websocket") {
    // Only browsers send Fetch Metadata headers; a local client has no reason to.
    if (headers["sec-fetch-site"] !== undefined)
      return { ok: false, status: 403, reason: "browser request refused" };
  }
  const host = (headers.host ?? "").toLowerCase();
  if (!LOOPBACK_HOSTS.has(stripPort(host)))
    return { ok: false, status: 403, reason: "non-loopback Host refused" };
  const auth = headers.authorization;
  const presented = auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length).trim() : undefined;
  if (!tokenMatches(token, presented))
    return { ok: false, status: 401, reason: "missing or wrong bearer token" };
  return { ok: true };
}

function stripPort(host: string): string {
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return end === -1 ? host : host.slice(0, end + 1);
  }
  const colon = host.lastIndexOf(":");
  return colon === -1 || host.indexOf(":") !== colon ? host : host.slice(0, colon);
}
