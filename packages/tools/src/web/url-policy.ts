// Which URL WebFetch actually requests, and which redirects it may follow on its own. A redirect
// to another host is a new destination the permission check never saw, so it goes back to the
// model as text (and a new WebFetch call is checked like any other).

/** Loopback names keep plain http: local dev servers rarely speak TLS. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === "[::1]" ||
    host === "::1"
  );
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/** Parses the model's URL and upgrades http to https except for loopback hosts. */
export function requestUrl(raw: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `"${raw}" is not a valid URL; give a full http(s):// URL.` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, message: `WebFetch only fetches http and https URLs, not ${url.protocol}` };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      message: "URLs with a user name or password are not fetched; remove the credentials.",
    };
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    url = new URL(url.href);
    url.protocol = "https:";
  }
  url.hash = "";
  return { ok: true, url };
}

/**
 * Same host and port, and never a step down from https. A scheme upgrade on the same host
 * (http://x → https://x) is the common case this allows.
 */
export function isSameHostRedirect(from: URL, to: URL): boolean {
  if (to.protocol !== "https:" && to.protocol !== "http:") return false;
  if (from.protocol === "https:" && to.protocol === "http:") return false;
  return from.hostname.toLowerCase() === to.hostname.toLowerCase() && from.port === to.port;
}
