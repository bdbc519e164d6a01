// Rule text → structured rule (reference §2.1–2.5). Pure and total: malformed text yields
// `{ error }`, never an exception. List-specific validity (allow may not use tool-name globs or
// `param:value`) is checked when a list is given.
import { own } from "../own.js";
import { canonicalQuote, isPlain } from "../shell/quote.js";
import { WILDCARD } from "./glob.js";
import {
  canonicalTool,
  EDIT_TOOLS,
  KNOWN_TOOLS,
  PRIMARY_FIELDS,
  READ_TOOLS,
  SCALAR_PARAMS,
} from "./tools.js";
import type { RuleList } from "../types.js";

export type ParsedRule =
  | { type: "tool"; tool: string }
  | { type: "tool-glob"; pattern: string }
  | {
      type: "bash";
      pattern: string /** The specifier as written (trimmed): exact-identity rules. */;
      raw?: string;
    }
  | { type: "path"; tool: string; family: "read" | "edit"; pattern: string }
  | { type: "domain"; domain: string }
  | { type: "param"; tool: string; param: string; value: string; alsoBash?: string }
  | { type: "specifier"; tool: string; specifier: string };

export type ParseResult = ParsedRule | { error: string };

const NAME = /^[A-Za-z_*][A-Za-z0-9_*.-]*$/;
const PARAM = /^(-?[A-Za-z_][A-Za-z0-9_]*):(.*)$/s;

export function parseRule(text: string, list?: RuleList): ParseResult {
  if (typeof text !== "string") return { error: "rule is not a string" };
  const trimmed = text.trim();
  if (trimmed === "") return { error: "empty rule" };
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return { error: "rule contains control characters" };
  const open = trimmed.indexOf("(");
  let name = trimmed;
  let spec: string | undefined;
  if (open >= 0) {
    if (!trimmed.endsWith(")")) return { error: "unbalanced parentheses: expected `Tool(specifier)`" };
    name = trimmed.slice(0, open).trim();
    spec = trimmed.slice(open + 1, -1).trim();
  } else if (trimmed.includes(")")) {
    return { error: "unbalanced parentheses" };
  }
  if (!NAME.test(name)) return { error: `invalid tool name ${JSON.stringify(name)}` };
  if (name.includes("*")) return parseToolGlob(name, spec, list);
  const tool = canonicalTool(name);
  if (spec === undefined || spec === "*") return { type: "tool", tool };
  if (spec === "") return { error: "empty specifier: write the bare tool name to match every use" };
  return parseSpecifier(tool, spec, list);
}

function parseToolGlob(name: string, spec: string | undefined, list?: RuleList): ParseResult {
  if (spec !== undefined && spec !== "*") return { error: "a tool-name glob cannot take a specifier" };
  if (list === "allow" && !/^mcp__[A-Za-z0-9_.-]+?__[^*]*\*.*$/s.test(name)) {
    return { error: "allow rules may use `*` in a tool name only after a literal `mcp__<server>__` prefix" };
  }
  return { type: "tool-glob", pattern: name };
}

function parseSpecifier(tool: string, spec: string, list?: RuleList): ParseResult {
  const param = PARAM.exec(spec);
  const known = own(SCALAR_PARAMS, tool);
  const paramName = param?.[1];
  const looksLikeParam =
    param !== null &&
    paramName !== undefined &&
    !PRIMARY_FIELDS.has(paramName) &&
    (known ? known.has(paramName) : !KNOWN_TOOLS.has(tool));
  if (tool === "Bash") {
    const pattern = normalizeBashPattern(spec);
    if (looksLikeParam && list !== "allow" && param) {
      // `Bash(timeout:*)` is ambiguous (legacy prefix or param); deny/ask take both readings.
      return { type: "param", tool, param: param[1] ?? "", value: param[2] ?? "", alsoBash: pattern };
    }
    return { type: "bash", pattern, raw: spec };
  }
  if (looksLikeParam && param) {
    if (list === "allow") return { error: "`Tool(param:value)` rules are only valid in deny and ask lists" };
    return { type: "param", tool, param: param[1] ?? "", value: param[2] ?? "" };
  }
  if (READ_TOOLS.has(tool) || EDIT_TOOLS.has(tool)) {
    return { type: "path", tool, family: READ_TOOLS.has(tool) ? "read" : "edit", pattern: spec };
  }
  if (tool === "WebFetch") return parseDomain(spec);
  if (tool.startsWith("mcp__")) return { error: "MCP tool rules take no specifier" };
  return { type: "specifier", tool, specifier: spec };
}

function parseDomain(spec: string): ParseResult {
  let domain: string;
  if (spec.startsWith("domain:")) {
    domain = spec.slice("domain:".length).trim();
  } else {
    let url: URL;
    try {
      url = new URL(spec);
    } catch {
      return { error: "WebFetch rules take `domain:<host>`" };
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      return { error: "WebFetch rules take `domain:<host>`" };
    domain = url.hostname;
  }
  domain = domain.toLowerCase().replace(/\.$/, "");
  if (domain === "" || domain === "*")
    return domain === "*" ? { type: "tool", tool: "WebFetch" } : { error: "empty domain" };
  if (!domain.includes("*")) {
    try {
      domain = new URL(`http://${domain}/`).hostname.replace(/\.$/, "");
    } catch {
      return { error: `invalid domain ${JSON.stringify(domain)}` };
    }
  } else if (!/^[a-z0-9*.\-_]+$/.test(domain)) {
    return { error: `invalid domain pattern ${JSON.stringify(domain)}` };
  }
  return { type: "domain", domain };
}

type Piece = string | typeof WILDCARD;

/** Quote-normalises a Bash rule pattern into the canonical rendering commands use, with unquoted
 * `*` turned into WILDCARD. A trailing legacy `:*` becomes the word-boundary form ` *`. */
export function normalizeBashPattern(spec: string): string {
  let s = spec.trim();
  if (s.endsWith(":*")) s = `${s.slice(0, -2).trimEnd()} *`;
  const words = lexPattern(s);
  if (!words) return s.replace(/\s+/g, " ").replace(/\*/g, WILDCARD);
  return words.map(renderPatternWord).join(" ");
}

function lexPattern(s: string): Piece[][] | null {
  const words: Piece[][] = [];
  let cur: Piece[] | null = null;
  const push = (p: Piece) => {
    if (!cur) {
      cur = [];
      words.push(cur);
    }
    cur.push(p);
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? "";
    if (c === " " || c === "\t") {
      cur = null;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) return null;
      push(s.slice(i + 1, end));
      i = end;
    } else if (c === '"') {
      let lit = "";
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === "\\" && j + 1 < s.length && '"\\$`'.includes(s[j + 1] ?? "")) j++;
        lit += s[j];
      }
      if (j >= s.length) return null;
      push(lit);
      i = j;
    } else if (c === "\\" && i + 1 < s.length) {
      push(s[i + 1] ?? "");
      i++;
    } else if (c === "*") {
      push(WILDCARD);
    } else {
      push(c);
    }
  }
  return words;
}

function renderPatternWord(pieces: Piece[]): string {
  // Merge adjacent literal pieces.
  const merged: Piece[] = [];
  for (const p of pieces) {
    const last = merged[merged.length - 1];
    if (p !== WILDCARD && last !== undefined && last !== WILDCARD) merged[merged.length - 1] = last + p;
    else merged.push(p);
  }
  const literals = merged.filter((p): p is string => p !== WILDCARD);
  if (literals.length === merged.length) return canonicalQuote(literals.join(""));
  if (literals.every((l) => l === "" || isPlain(l))) return merged.join("");
  return `'${merged.map((p) => (p === WILDCARD ? p : p.replace(/'/g, "'\\''"))).join("")}'`;
}

/** The literal first word of a normalised Bash pattern, or null when it contains a wildcard. */
export function patternFirstWord(pattern: string): string | null {
  const space = pattern.indexOf(" ");
  const first = space < 0 ? pattern : pattern.slice(0, space);
  if (first === "" || first.includes(WILDCARD)) return null;
  return first;
}
