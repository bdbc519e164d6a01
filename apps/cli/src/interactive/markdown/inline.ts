import { Lexer, type Token, type Tokens } from "marked";
import type { Paint } from "./ansi";

/** Inline Markdown (emphasis, code spans, links, …) of one line, as styled terminal text. */
export function renderInline(text: string, p: Paint): string {
  let tokens: Token[];
  try {
    tokens = Lexer.lexInline(text);
  } catch {
    return text;
  }
  return tokens.map((t) => token(t, p)).join("");
}

function children(t: { tokens?: Token[]; text: string }, p: Paint): string {
  return t.tokens ? t.tokens.map((c) => token(c, p)).join("") : t.text;
}

function token(t: Token, p: Paint): string {
  switch (t.type) {
    case "strong":
      return p.bold(children(t as Tokens.Strong, p));
    case "em":
      return p.italic(children(t as Tokens.Em, p));
    case "del":
      return p.strike(children(t as Tokens.Del, p));
    case "codespan":
      return p.color(36, (t as Tokens.Codespan).text);
    case "link": {
      const link = t as Tokens.Link;
      const label = children(link, p);
      return link.href === link.text || link.href === `mailto:${link.text}`
        ? p.underline(label)
        : `${p.underline(label)}${p.dim(` (${link.href})`)}`;
    }
    case "image": {
      const image = t as Tokens.Image;
      return p.dim(`[image: ${image.text || image.href}]`);
    }
    case "br":
      return " ";
    case "escape":
    case "text":
    case "html":
      return (t as Tokens.Text).text;
    default:
      return "raw" in t ? String(t.raw) : "";
  }
}
