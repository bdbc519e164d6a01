// WebFetch and WebSearch. Hosts are compared lower-cased without a trailing dot. IP literals,
// localhost and other internal names are only covered by a rule naming that exact host: a
// wildcard or bare `WebFetch` allow does not reach into the local network.
import type { CompiledRuleSet } from "../rules/compile.js";
import type { Decision } from "../types.js";
import type { Env } from "./env.js";
import { applyAskMode, byMode, byRule, bySafety } from "./reasons.js";
import { toolLevelRule } from "./rule-match.js";

export function isInternalHost(host: string): boolean {
  return (
    /^[0-9.]+$/.test(host) ||
    host.startsWith("[") ||
    host === "localhost" ||
    !host.includes(".") ||
    /\.(localhost|local|internal|lan|intranet|corp|home\.arpa)$/.test(host)
  );
}

export function decideWebFetch(input: Record<string, unknown>, env: Env, rules: CompiledRuleSet): Decision {
  const mode = env.ctx.mode;
  const toolDeny = toolLevelRule(rules, "deny", "WebFetch", input);
  if (toolDeny) return byRule("deny", toolDeny, "Fetching web pages");
  const raw = input.url;
  let url: URL | null = null;
  try {
    url = typeof raw === "string" ? new URL(raw) : null;
  } catch {
    url = null;
  }
  if (!url)
    return applyAskMode(bySafety("ask", "invalid-input", "the URL does not parse", "The fetch"), mode);
  const what = `Fetching ${url.protocol}//${url.host}`;
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return applyAskMode(bySafety("ask", "url-scheme", `${url.protocol} URLs are not web pages`, what), mode);
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const deny = rules.lists.deny.domain.find((r) => r.regex?.test(host));
  if (deny) return byRule("deny", deny, what);
  const ask =
    toolLevelRule(rules, "ask", "WebFetch", input) ?? rules.lists.ask.domain.find((r) => r.regex?.test(host));
  if (ask) return applyAskMode(byRule("ask", ask, what), mode);
  if (mode === "bypassPermissions") return byMode("allow", mode, what);
  const internal = isInternalHost(host);
  const allow = rules.lists.allow.domain.find(
    (r) => r.regex?.test(host) && (!internal || (r.parsed.type === "domain" && r.parsed.domain === host)),
  );
  if (allow) return byRule("allow", allow, what);
  const bare = rules.toolRules("allow", "WebFetch")[0];
  if (bare && !internal) return byRule("allow", bare, what);
  const detail = internal ? `${host} is a local or internal address` : `${host} is on the network`;
  const d = applyAskMode(bySafety("ask", "network", detail, what), mode);
  return d.behavior === "ask" ? { ...d, suggestions: [`WebFetch(domain:${host})`] } : d;
}

export function decideWebSearch(input: Record<string, unknown>, env: Env, rules: CompiledRuleSet): Decision {
  const mode = env.ctx.mode;
  const deny = toolLevelRule(rules, "deny", "WebSearch", input);
  if (deny) return byRule("deny", deny, "Searching the web");
  const ask = toolLevelRule(rules, "ask", "WebSearch", input);
  if (ask) return applyAskMode(byRule("ask", ask, "Searching the web"), mode);
  if (mode === "bypassPermissions") return byMode("allow", mode, "Searching the web");
  const allow = toolLevelRule(rules, "allow", "WebSearch", input);
  if (allow) return byRule("allow", allow, "Searching the web");
  const d = applyAskMode(
    { behavior: "ask", reason: { kind: "no-match" }, message: "Searching the web needs approval." },
    mode,
  );
  return d.behavior === "ask" ? { ...d, suggestions: ["WebSearch"] } : d;
}
