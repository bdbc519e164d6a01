// What WebFetch and WebSearch need from outside the tools package. The daemon supplies it per
// session: `tools` never imports `providers` (design.md), so the model side request and the
// outbound HTTP transport (proxy, extra CA) arrive as functions.

/** The standard fetch signature; the daemon's version routes through the session's proxy and CA. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface SideQueryRequest {
  system: string;
  /** The whole user message: page content and the caller's question. */
  prompt: string;
  maxTokens?: number;
}

/**
 * One model request with the small fast model, in a context of its own: nothing of the
 * conversation goes in, and only the returned text comes back out.
 */
export type SideQuery = (request: SideQueryRequest, signal: AbortSignal) => Promise<string>;

export interface WebSearchRequest {
  query: string;
  allowedDomains?: string[];
  blockedDomains?: string[];
}

export interface WebSearchSource {
  title: string;
  url: string;
}

export type WebSearchOutcome =
  | { ok: true; text: string; sources: WebSearchSource[]; searches: number }
  | { ok: false; unavailable: string };

export interface WebAccess {
  /** Outbound HTTP for fetched pages. It never carries the model credential. */
  fetch: FetchLike;
  sideQuery: SideQuery;
  /** The provider's server-side web search; absent when the session has none. */
  search?: (request: WebSearchRequest, signal: AbortSignal) => Promise<WebSearchOutcome>;
}
