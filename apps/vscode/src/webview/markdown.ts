import hljs from "highlight.js/lib/common";
import { Marked, type Tokens } from "marked";

/**
 * Markdown to HTML for model output, safely: raw HTML in the text is shown as text, links keep
 * only http(s) and mailto targets, images become their alt text (the CSP would block them anyway).
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    link(token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      return /^(https?:|mailto:)/i.test(token.href)
        ? `<a href="${escapeHtml(token.href)}" title="${escapeHtml(token.href)}">${text}</a>`
        : text;
    },
    image(token: Tokens.Image) {
      return escapeHtml(token.text);
    },
    code(token: Tokens.Code) {
      const name = token.lang?.split(/\s/)[0] ?? "";
      const lang = name ? ` data-lang="${escapeHtml(name)}"` : "";
      // highlight.js escapes the code itself and emits only <span class="hljs-…"> (styled by chat.css).
      const html =
        name && hljs.getLanguage(name)
          ? hljs.highlight(token.text, { language: name }).value
          : escapeHtml(token.text);
      return `<pre class="code"${lang}><code>${html}</code></pre>`;
    },
  },
});

export function renderMarkdown(text: string): string {
  return marked.parse(text, { async: false });
}
