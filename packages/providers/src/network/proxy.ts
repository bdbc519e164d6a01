// Proxy selection from the session's environment (reference §3.8): HTTPS_PROXY / HTTP_PROXY and
// NO_PROXY (comma- or space-separated, `*` for all). Decided here, purely, rather than by
// undici's EnvHttpProxyAgent, because that one falls back to the daemon's process.env.
import { type Env, envValue } from "../env.js";
import { ProviderConfigError } from "../errors.js";

function first(env: Env, names: string[]): string | undefined {
  for (const name of names) {
    const value = envValue(env, name);
    if (value) return value;
  }
  return undefined;
}

/** "[::1]:8080", "host:443", "host", "::1": an optional port that must match when given. */
function splitHostPort(entry: string): { host: string; port: string | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] };
  const parts = entry.split(":");
  if (parts.length === 2 && /^\d+$/.test(parts[1]!)) return { host: parts[0]!, port: parts[1] };
  return { host: entry, port: undefined };
}

/** Whether NO_PROXY exempts `target` from the proxy. */
export function isNoProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = target.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = target.port || (target.protocol === "https:" ? "443" : "80");
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === "*") return true;
    const { host: entryHostRaw, port: entryPort } = splitHostPort(entry);
    const entryHost = entryHostRaw.replace(/^\*?\./, ".");
    if (entryPort && entryPort !== port) continue;
    if (entryHost.startsWith(".")) {
      if (host.endsWith(entryHost) || host === entryHost.slice(1)) return true;
    } else if (host === entryHost || host.endsWith(`.${entryHost}`)) {
      return true;
    }
  }
  return false;
}

/**
 * The proxy URL to use for `target`, or undefined for a direct connection. HTTPS targets use
 * HTTPS_PROXY and fall back to HTTP_PROXY (as curl and undici do); SOCKS is not supported.
 */
export function proxyForUrl(target: URL, env: Env): string | undefined {
  const names =
    target.protocol === "https:"
      ? ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"]
      : ["HTTP_PROXY", "http_proxy"];
  const proxy = first(env, names);
  if (!proxy) return undefined;
  if (isNoProxy(target, first(env, ["NO_PROXY", "no_proxy"]))) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(proxy);
  } catch {
    throw new ProviderConfigError(
      "The proxy variable (HTTPS_PROXY/HTTP_PROXY) is not a URL. Use http://host:port or http://user:pass@host:port.",
    );
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ProviderConfigError(
      `Proxy scheme ${parsed.protocol} is not supported (SOCKS proxies are not); use an http:// or https:// proxy.`,
    );
  }
  return proxy;
}
