// Fetched pages, already converted, for 15 minutes (CLAUDE_CODE_WEBFETCH_CACHE_TTL_MS), so asking
// a second question about the same page costs one side request and no download. Shared by the
// sessions of the daemon: every use still passes its own permission check before reaching it.
import { LRUCache } from "lru-cache";

export const DEFAULT_CACHE_TTL_MS = 15 * 60 * 1000;

export interface CachedPage {
  url: string;
  status: number;
  contentType: string;
  title: string;
  markdown: string;
  bytes: number;
}

export function createPageCache(maxChars = 64 * 1024 * 1024): LRUCache<string, CachedPage> {
  return new LRUCache<string, CachedPage>({
    maxSize: maxChars,
    sizeCalculation: (page) => Math.max(1, page.markdown.length),
    ttl: DEFAULT_CACHE_TTL_MS,
  });
}
