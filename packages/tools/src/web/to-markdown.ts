// HTML to Markdown: linkedom builds the DOM (light, no browser emulation), Readability keeps the
// main content (navigation, ads and scripts go), Turndown writes Markdown. All three are loaded
// on the first fetched HTML page, so they cost the daemon nothing at start-up.

type Converters = {
  parseHTML: typeof import("linkedom").parseHTML;
  Readability: typeof import("@mozilla/readability").Readability;
  turndown: import("turndown");
};

let loading: Promise<Converters> | undefined;

function converters(): Promise<Converters> {
  loading ??= (async () => {
    const [{ parseHTML }, { Readability }, { default: TurndownService }] = await Promise.all([
      import("linkedom"),
      import("@mozilla/readability"),
      import("turndown"),
    ]);
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

/**
 * Script, style and similar elements carry no readable text and are often most of a page's
 * bytes (inlined bundles, SVG icons); dropping them before parsing keeps the DOM work, which
 * runs on the daemon's thread, proportional to the text.
 */
export function dropNonText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style|noscript|template|svg)\b[\s\S]*?<\/\1\s*>/gi, "");
}

export async function htmlToMarkdown(raw: string): Promise<{ title: string; markdown: string }> {
  const { parseHTML, Readability, turndown } = await converters();
  const html = dropNonText(raw);
  const { document } = parseHTML(html);
  // Each step is synchronous and runs on the daemon's thread: let other sessions' I/O in between.
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
