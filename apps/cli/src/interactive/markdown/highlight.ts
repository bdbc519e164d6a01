import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import go from "highlight.js/lib/languages/go";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";
import rust from "highlight.js/lib/languages/rust";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import type { Paint } from "./ansi";

// The languages a coding assistant shows most; highlight.js core keeps the rest out of the bundle.
const LANGUAGES = { bash, css, diff, go, java, javascript, json, python, rust, sql, typescript, xml, yaml };
for (const [name, lang] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, lang);

/** highlight.js scope → ANSI colour. */
const COLORS: Record<string, number> = {
  keyword: 35,
  built_in: 36,
  type: 36,
  literal: 36,
  number: 33,
  string: 32,
  regexp: 32,
  comment: 90,
  meta: 90,
  title: 34,
  "title.function": 34,
  "title.class": 34,
  attr: 33,
  attribute: 33,
  variable: 31,
  params: 39,
  addition: 32,
  deletion: 31,
  section: 34,
  tag: 34,
  name: 34,
  symbol: 33,
};

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#x27;": "'",
};

/** highlight.js renders HTML spans; this turns them into ANSI colours (nested spans restore the outer one). */
function htmlToAnsi(html: string, p: Paint): string {
  const stack: number[] = [];
  let out = "";
  const re = /<span class="hljs-([^"]+)">|<\/span>|&(?:amp|lt|gt|quot|#x27);|[^<&]+/g;
  for (const m of html.matchAll(re)) {
    const token = m[0];
    if (m[1] !== undefined) {
      const scope = m[1].split(" ")[0]?.replace(/_$/, "") ?? "";
      const code = COLORS[scope] ?? COLORS[scope.split(".")[0] ?? ""] ?? stack.at(-1) ?? 39;
      stack.push(code);
    } else if (token === "</span>") stack.pop();
    else {
      const text = ENTITIES[token] ?? token;
      const code = stack.at(-1);
      out += code === undefined || code === 39 ? text : p.color(code, text);
    }
  }
  return out;
}

const ALIASES: Record<string, string> = {
  ts: "typescript",
  js: "javascript",
  sh: "bash",
  shell: "bash",
  py: "python",
  html: "xml",
  yml: "yaml",
  rs: "rust",
  tsx: "typescript",
  jsx: "javascript",
  console: "bash",
  zsh: "bash",
};

/** One line of code in a fenced block; unknown languages are shown as they are. */
export function highlightLine(line: string, lang: string, p: Paint): string {
  const name = ALIASES[lang.toLowerCase()] ?? lang.toLowerCase();
  if (!name || !hljs.getLanguage(name)) return line;
  try {
    return htmlToAnsi(hljs.highlight(line, { language: name, ignoreIllegals: true }).value, p);
  } catch {
    return line;
  }
}
