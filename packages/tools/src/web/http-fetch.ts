// The one place WebFetch talks HTTP. The transport is injected (`FetchLike`) so the daemon can
// route it through the session's proxy and CA, or a shared outbound module later. Limits are
// enforced here while the body streams in, not after it has been buffered.
import { looksBinary } from "../util/binary.js";
import type { FetchLike } from "./types.js";
import { isSameHostRedirect } from "./url-policy.js";

export const USER_AGENT =
  "Claude-User (compatible; Berth; +agentic coding assistant fetching a page for a user)";

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: FetchLimits = {
  maxBytes: 10 * 1024 * 1024,
  timeoutMs: 30_000,
  maxRedirects: 10,
};

export type FetchOutcome =
  | { kind: "page"; url: URL; status: number; contentType: string; body: string; bytes: number }
  | { kind: "redirect"; from: URL; to: string; status: number }
  | { kind: "error"; message: string };

export async function fetchPage(
  start: URL,
  fetchImpl: FetchLike,
  signal: AbortSignal,
  limits: FetchLimits = DEFAULT_LIMITS,
): Promise<FetchOutcome> {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const both = AbortSignal.any([signal, timeout]);
  try {
    return await follow(start, fetchImpl, both, limits);
  } catch (error) {
    if (timeout.aborted && !signal.aborted) {
      return { kind: "error", message: `${start.href} did not answer within ${limits.timeoutMs / 1000} s.` };
    }
    if (signal.aborted) throw error;
    return { kind: "error", message: `Could not fetch ${start.href}: ${describeNetworkError(error)}` };
  }
}

async function follow(start: URL, fetchImpl: FetchLike, signal: AbortSignal, limits: FetchLimits) {
  let url = start;
  for (let hop = 0; ; hop++) {
    const response = await fetchImpl(url.href, {
      method: "GET",
      redirect: "manual",
      signal,
      // No cookies, no auth: only what identifies the fetcher and what it can read.
      headers: {
        "user-agent": USER_AGENT,
        accept: "text/markdown, text/html;q=0.9, text/*;q=0.8, */*;q=0.5",
      },
    });
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = safeUrl(location, url);
      if (!next || !isSameHostRedirect(url, next)) {
        return { kind: "redirect", from: url, to: next?.href ?? location, status: response.status } as const;
      }
      if (hop >= limits.maxRedirects) {
        return {
          kind: "error",
          message: `${start.href} redirected more than ${limits.maxRedirects} times.`,
        } as const;
      }
      url = next;
      continue;
    }
    return readBody(url, response, signal, limits);
  }
}

function safeUrl(location: string, base: URL): URL | undefined {
  try {
    const next = new URL(location, base);
    next.hash = "";
    return next;
  } catch {
    return undefined;
  }
}

async function readBody(url: URL, response: Response, signal: AbortSignal, limits: FetchLimits) {
  const contentType = response.headers.get("content-type") ?? "";
  const tooLarge = {
    kind: "error",
    message: `${url.href} is larger than the ${formatBytes(limits.maxBytes)} WebFetch reads.`,
  } as const;
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body?.cancel();
    return tooLarge;
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > limits.maxBytes) {
        await reader.cancel();
        return tooLarge;
      }
      chunks.push(value);
    }
  }
  const bytesRead = Buffer.concat(chunks);
  // Mislabelled binaries (no or a generic content type) must not reach the side model as text.
  if (looksBinary(bytesRead) && !/charset="?utf-16/i.test(contentType)) {
    return {
      kind: "error",
      message: `${url.href} is binary data, not a text page WebFetch can read.`,
    } as const;
  }
  const body = decode(bytesRead, contentType);
  return { kind: "page", url, status: response.status, contentType, body, bytes } as const;
}

function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /charset="?([\w.:-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) ? 1 : 0)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/** fetch wraps the real reason (DNS, TLS, refused) in `cause`; that is what the model can act on. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  if (cause?.message) return cause.message;
  return (error as Error)?.message ?? String(error);
}
