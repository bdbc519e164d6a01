// HTML to Markdown for WebFetch. The conversion (html-convert.ts) loads with the first fetched
// HTML page, so it costs the daemon nothing at start-up, and in the built daemon it runs in a
// worker thread (html-worker.ts) so the DOM work never blocks other sessions.
import { HtmlWorker } from "./html-worker.js";

let worker: HtmlWorker | undefined;

export function isHtml(contentType: string, body: string): boolean {
  if (/\b(text\/html|application\/xhtml\+xml)\b/i.test(contentType)) return true;
  return contentType === "" && /^\s*(<!doctype html|<html[\s>])/i.test(body.slice(0, 512));
}

/** Text types and structured text are passed through as they are. */
export function isReadableText(contentType: string): boolean {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return (
    type === "" ||
    type.startsWith("text/") ||
    /^application\/([\w.+-]*\+)?(json|xml|javascript|x-yaml|yaml|toml)$/.test(type)
  );
}

export async function htmlToMarkdown(raw: string): Promise<{ title: string; markdown: string }> {
  const converter = await import("./html-convert.js");
  // Run from TypeScript sources (tests) the module cannot be a worker's entry on Node 20: convert
  // on this thread, yielding between steps.
  if (!converter.CONVERTER_URL.endsWith(".js")) return converter.convertHtml(raw);
  worker ??= new HtmlWorker(new URL(converter.CONVERTER_URL), converter.WORKER_MARK);
  return worker.convert(raw);
}
