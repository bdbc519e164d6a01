// ANTHROPIC_CUSTOM_HEADERS: newline-separated `Name: value` lines (reference §3.6), sent on
// every model request, typically for a gateway.
import type { ProviderLogger } from "../logger.js";

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function parseCustomHeaders(raw: string | undefined, logger?: ProviderLogger): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!raw) return headers;
  for (const [index, line] of raw.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).trim() : "";
    if (!TOKEN.test(name)) {
      // Name only the line number: the line may well hold a token.
      logger?.warn("ANTHROPIC_CUSTOM_HEADERS: skipped a line that is not `Name: value`", { line: index + 1 });
      continue;
    }
    headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}
