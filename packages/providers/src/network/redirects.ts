// Model requests carry credentials (x-api-key, Authorization, SigV4 signatures, custom gateway
// headers). fetch follows redirects by itself and keeps custom headers across origins, so a
// misconfigured gateway, a captive proxy or a hijacked internal name answering 307 would
// receive the key. Berth follows only same-origin 307/308 and refuses everything else with
// an error naming both hosts.
import { ProviderConfigError } from "../errors.js";
import type { FetchLike } from "./transport.js";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** 307/308 keep method and body, which is what a POST to the Messages API needs. */
const FOLLOWED_STATUSES = new Set([307, 308]);
const MAX_SAME_ORIGIN_REDIRECTS = 5;

function requestUrl(input: string | URL | Request): URL {
  return new URL(input instanceof Request ? input.url : String(input));
}

export function refuseCrossOriginRedirects(fetchImpl: FetchLike): FetchLike {
  return async (input, init) => {
    let url = requestUrl(input);
    let target: string | URL | Request = input;
    for (let hop = 0; ; hop++) {
      const response = await fetchImpl(target, { ...init, redirect: "manual" });
      const location = response.headers.get("location");
      if (!REDIRECT_STATUSES.has(response.status) || !location) return response;
      const next = new URL(location, url);
      await response.body?.cancel().catch(() => {});
      if (next.origin !== url.origin) {
        throw new ProviderConfigError(
          `The model API at ${url.host} answered ${response.status} with a redirect to another host, ` +
            `${next.host}. Berth does not follow it, so your credentials were not sent there. ` +
            "Check ANTHROPIC_BASE_URL (or the Bedrock/Vertex endpoint) and your proxy settings.",
        );
      }
      if (!FOLLOWED_STATUSES.has(response.status) || hop >= MAX_SAME_ORIGIN_REDIRECTS) {
        throw new ProviderConfigError(
          `The model API at ${url.host} answered ${response.status} redirecting to ${next.pathname}; ` +
            `Berth follows only up to ${MAX_SAME_ORIGIN_REDIRECTS} same-host 307/308 redirects. ` +
            "Point the base URL at the final address.",
        );
      }
      url = next;
      target = next.toString();
    }
  };
}
