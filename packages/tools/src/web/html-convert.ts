// The HTML to Markdown conversion itself: linkedom builds the DOM (light, no browser emulation),
// Readability keeps the main content (navigation, ads and scripts go), Turndown writes Markdown.
// In the built daemon this module runs in a worker thread (html-worker.ts), so a large page
// never blocks the daemon's event loop and the DOM libraries never load on its main thread.
import { isMainThread, parentPort, workerData } from "node:worker_threads";

type Converters = {
  parseHTML: typeof import("linkedom").parseHTML;
  Readability: typeof import("@mozilla/readability").Readability;
  turndown: import("turndown");
};

/** This module's own URL: the worker thread loads it (the built chunk) as its entry point. */
export const CONVERTER_URL = import.meta.url;
/** workerData marker that makes this module serve conversions when loaded as a worker. */
export const WORKER_MARK = "berthHtmlConverter";

export interface ConvertRequest {
  id: number;
  html: string;
}
export type ConvertReply =
  | { id: number; ok: true; title: string; markdown: string }
  | { id: number; ok: false; message: string };

let loading: Promise<Converters> | undefined;

function converters(): Promise<Converters> {
  loading ??= (async () => {
    const [{ parseHTML }, readability, { default: TurndownService }] = await Promise.all([
      import("linkedom"),
      import("@mozilla/readability"),
      import("turndown"),
    ]);
    // Readability is CommonJS: Node's import() gives it named exports, but the bundle's chunk for
    // it exports only `default` (module.exports). Reading only the named export left it undefined
    // in the built daemon, and every page silently fell back to the whole body.
    const { Readability } =
      (readability as unknown as { default?: typeof readability }).default ?? readability;
    if (typeof Readability !== "function") throw new Error("@mozilla/readability did not load");
    const turndown = new TurndownService({
      headingStyle: "atx",
      codeBlockStyle: "fenced",
      bulletListMarker: "-",
    });
    // Markup that carries no readable text for the side model (SVG is dropped before parsing).
    turndown.remove(["script", "style", "noscript", "template", "iframe", "canvas", "form"]);
    return { parseHTML, Readability, turndown };
  })();
  return loading;
}

/**
 * Script, style and similar elements carry no readable text and are often most of a page's
 * bytes (inlined bundles, SVG icons); dropping them before parsing keeps the DOM work
 * proportional to the text.
 */
export function dropNonText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style|noscript|template|svg)\b[\s\S]*?<\/\1\s*>/gi, "");
}

export async function convertHtml(raw: string): Promise<{ title: string; markdown: string }> {
  const { parseHTML, Readability, turndown } = await converters();
  const html = dropNonText(raw);
  const { document } = parseHTML(html);
  // Each step is synchronous: when this runs on the daemon's thread (sources, tests), let other
  // sessions' I/O in between.
  await yieldToEventLoop();
  const title = document.title?.trim() ?? "";
  let article: { title?: string | null; content?: string | null } | null = null;
  try {
    // Readability mutates the document it reads; the fallback below parses again.
    article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
      charThreshold: 200,
    }).parse();
  } catch {
    article = null;
  }
  await yieldToEventLoop();
  const source = article?.content ? article.content : bodyHtml(parseHTML(html).document);
  const markdown = turndown.turndown(source).trim();
  return { title: article?.title?.trim() || title, markdown };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function bodyHtml(document: { body?: { innerHTML?: string } | null }): string {
  return document.body?.innerHTML ?? "";
}

// Loaded as the converter worker: answer each request in order.
if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[WORKER_MARK]) {
  const port = parentPort;
  port.on("message", async ({ id, html }: ConvertRequest) => {
    try {
      const { title, markdown } = await convertHtml(html);
      port.postMessage({ id, ok: true, title, markdown } satisfies ConvertReply);
    } catch (error) {
      port.postMessage({
        id,
        ok: false,
        message: (error as Error)?.message ?? String(error),
      } satisfies ConvertReply);
    }
  });
}
