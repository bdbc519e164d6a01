// The HTTP transport for one model client: proxy, extra CA certificates and a client
// certificate, all from the session's environment (reference §3.8). Node reads
// NODE_EXTRA_CA_CERTS once, from the daemon's own environment at start, so a session's value
// has to be applied here, by handing the SDK a fetch bound to an undici dispatcher.
import { readFileSync } from "node:fs";
import type { LookupFunction } from "node:net";
import type { Dispatcher } from "undici";
import { type Env, envValue } from "../env.js";
import { ProviderConfigError } from "../errors.js";
import { loadUndici, type UndiciModule } from "./load-undici.js";
import { proxyForUrl } from "./proxy.js";

/** The fetch signature the SDK accepts. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface Transport {
  /** undefined: the SDK's default fetch is fine (no proxy, CA or client certificate). */
  fetch: FetchLike | undefined;
  /** Non-secret facts for `berth doctor` and status output. */
  summary: { proxy: boolean; extraCa: boolean; clientCert: boolean };
  close(): Promise<void>;
}

function readPem(env: Env, variable: string): string | undefined {
  const path = envValue(env, variable);
  if (!path) return undefined;
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ProviderConfigError(`${variable} points at ${path}, which cannot be read (${reason}).`, {
      cause: error,
    });
  }
}

export interface TransportOptions {
  /**
   * DNS lookup for direct connections (not used through a proxy, which resolves names itself).
   * WebFetch passes one that refuses private addresses.
   */
  lookup?: LookupFunction;
}

export function createTransport(env: Env, target: URL, options: TransportOptions = {}): Transport {
  const extraCa = readPem(env, "NODE_EXTRA_CA_CERTS");
  const cert = readPem(env, "CLAUDE_CODE_CLIENT_CERT");
  const key = readPem(env, "CLAUDE_CODE_CLIENT_KEY");
  const passphrase = envValue(env, "CLAUDE_CODE_CLIENT_KEY_PASSPHRASE");
  if ((cert === undefined) !== (key === undefined)) {
    throw new ProviderConfigError(
      "Set both CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY for a client certificate.",
    );
  }
  const proxy = proxyForUrl(target, env);
  const summary = {
    proxy: proxy !== undefined,
    extraCa: extraCa !== undefined,
    clientCert: cert !== undefined,
  };
  if (!proxy && !extraCa && !cert && !options.lookup) {
    return { fetch: undefined, summary, close: async () => {} };
  }

  // `ca` replaces the default trust store, so the extra certificates are added to Node's roots.
  const tls = {
    ...(extraCa ? { ca: [...nodeRootCertificates(), extraCa] } : {}),
    ...(cert && key ? { cert, key, ...(passphrase ? { passphrase } : {}) } : {}),
  };
  // The dispatcher is made with the first request (loadUndici), not with the model client.
  let loaded: Promise<{ dispatcher: Dispatcher; undiciFetch: UndiciModule["fetch"] }> | undefined;
  const load = () => {
    loaded ??= loadUndici().then(({ Agent, ProxyAgent, fetch: undiciFetch }) => ({
      undiciFetch,
      dispatcher: proxy
        ? new ProxyAgent({ uri: proxy, requestTls: tls, ...(extraCa ? { proxyTls: { ca: tls.ca } } : {}) })
        : new Agent({ connect: { ...tls, ...(options.lookup ? { lookup: options.lookup } : {}) } }),
    }));
    return loaded;
  };
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const { dispatcher, undiciFetch } = await load();
    return undiciFetch(input as Parameters<UndiciModule["fetch"]>[0], {
      ...(init as Parameters<UndiciModule["fetch"]>[1]),
      dispatcher,
    });
  }) as unknown as FetchLike;
  // Nothing to release when no request was ever made.
  const close = async () => {
    if (loaded) await (await loaded).dispatcher.close();
  };
  return { fetch, summary, close };
}

/**
 * Node's root certificates, read only when a session adds its own. An ESM import of node:tls
 * reads every export of the module, and this one is a getter that turns ~140 certificates into
 * strings: ~300 KB of every daemon's heap, for sessions that almost never set a CA.
 */
function nodeRootCertificates(): readonly string[] {
  return process.getBuiltinModule("node:tls").rootCertificates;
}
