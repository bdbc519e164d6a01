import { describe, expect, it } from "vitest";
import { htmlToMarkdown, isHtml, isReadableText } from "./to-markdown.js";

describe("htmlToMarkdown", () => {
  it("keeps the article as Markdown and drops scripts and navigation", async () => {
    const html = `<!doctype html><html><head><title>Guide</title><script>window.secret = 1</script></head>
      <body><nav><a href="/">Home</a> | <a href="/about">About</a></nav><article><h1>Install</h1>
      <p>${"Berth runs as a per-user daemon with thin clients. ".repeat(8)}</p>
      <ul><li>first</li><li>second</li></ul><pre><code>npm install</code></pre></article></body></html>`;
    const { title, markdown } = await htmlToMarkdown(html);
    expect(title).toBe("Guide");
    expect(markdown).toContain("per-user daemon");
    expect(markdown).toMatch(/^- +first$/m);
    expect(markdown).toContain("```\nnpm install\n```");
    expect(markdown).not.toContain("window.secret");
  });

  it("falls back to the whole body when there is no article", async () => {
    const { markdown } = await htmlToMarkdown("<html><body><p>short <b>bold</b></p></body></html>");
    expect(markdown).toBe("short **bold**");
  });

  it("drops scripts, styles, SVG and comments before parsing", async () => {
    const { markdown } = await htmlToMarkdown(
      `<html><body><!-- <p>hidden</p> --><script>var a = "</p>";</script><STYLE>p{}</STYLE><svg><path d="M0"/></svg><p>kept</p></body></html>`,
    );
    expect(markdown).toBe("kept");
  });

  it("recognises HTML and readable text types", () => {
    expect(isHtml("text/html; charset=utf-8", "")).toBe(true);
    expect(isHtml("", "<!DOCTYPE html><html>")).toBe(true);
    expect(isHtml("text/plain", "<html>")).toBe(false);
    expect(isReadableText("application/json")).toBe(true);
    expect(isReadableText("application/vnd.api+json")).toBe(true);
    expect(isReadableText("image/png")).toBe(false);
    expect(isReadableText("application/pdf")).toBe(false);
  });
});
