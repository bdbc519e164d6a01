// Reads tree-sitter redirect nodes into (operator, fd, kind, target). tree-sitter-bash attaches
// some words to a redirect that bash gives to the command (`echo > a b`), and statements that
// follow a here-doc operator on the same line; both are handed back to the walker.
import type { Node } from "web-tree-sitter";
import type { RedirectKind } from "./model.js";

export const REDIRECT_TYPES = new Set(["file_redirect", "heredoc_redirect", "herestring_redirect"]);

export interface ParsedRedirect {
  op: string;
  fd: string | null;
  kind: RedirectKind;
  targetNode: Node | null;
  /** Unquoted here-doc body text (expansions apply), when there is one. */
  body?: string;
  bodyNode?: Node;
}

export interface RedirectParse {
  redirects: ParsedRedirect[];
  extraArgs: Node[];
  statements: Node[];
  problems: string[];
}

const WRITE_OPS = new Set([">", ">>", ">|", "&>", "&>>"]);

export function parseRedirect(node: Node): RedirectParse {
  const out: RedirectParse = { redirects: [], extraArgs: [], statements: [], problems: [] };
  if (node.type === "file_redirect") fileRedirect(node, out);
  else if (node.type === "heredoc_redirect") heredoc(node, out);
  else if (node.type === "herestring_redirect") herestring(node, out);
  else out.problems.push(`unknown redirect ${node.type}`);
  return out;
}

function fileRedirect(node: Node, out: RedirectParse): void {
  let op = "";
  let fd: string | null = null;
  const destinations: Node[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (!c) continue;
    const field = node.fieldNameForChild(i);
    if (field === "descriptor") fd = c.text;
    else if (field === "destination") destinations.push(c);
    else if (!c.isNamed && op === "") op = c.type;
    else out.problems.push(`unexpected ${c.type} in redirect ${node.text}`);
  }
  const [target, ...rest] = destinations;
  out.extraArgs.push(...rest);
  let kind: RedirectKind;
  if (op === ">&-" || op === "<&-") kind = "close";
  else if (op === "<") kind = "read";
  else if (op === "<>") kind = "readwrite";
  else if (WRITE_OPS.has(op)) kind = "write";
  else if (op === ">&" || op === "<&") {
    const t = target?.text ?? "";
    kind = /^[0-9]+-?$/.test(t) || t === "-" ? "dup" : op === ">&" ? "write" : "read";
  } else {
    out.problems.push(`unknown redirect operator ${JSON.stringify(op)}`);
    kind = "write";
  }
  if (kind !== "close" && !target) out.problems.push(`redirect without a target: ${node.text}`);
  out.redirects.push({ op, fd, kind, targetNode: kind === "close" ? null : (target ?? null) });
}

function heredoc(node: Node, out: RedirectParse): void {
  let op = "<<";
  let fd: string | null = null;
  let quoted = false;
  let body: Node | null = null;
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (!c) continue;
    const field = node.fieldNameForChild(i);
    if (field === "descriptor") fd = c.text;
    else if (c.type === "<<" || c.type === "<<-") op = c.type;
    else if (c.type === "heredoc_start") quoted = /['"\\]/.test(c.text);
    else if (c.type === "heredoc_body") body = c;
    else if (c.type === "heredoc_end") continue;
    else if (field === "argument") out.extraArgs.push(c);
    else if (field === "redirect" && c.type === "file_redirect") fileRedirect(c, out);
    else if (c.isNamed) out.statements.push(c);
    else if (!["|", "|&", "&&", "||", ";", "&"].includes(c.type))
      out.problems.push(`unexpected ${c.type} in here-doc`);
  }
  const r: ParsedRedirect = { op, fd, kind: "heredoc", targetNode: null };
  if (body && !quoted) {
    r.body = body.text;
    r.bodyNode = body;
  }
  out.redirects.push(r);
}

function herestring(node: Node, out: RedirectParse): void {
  let fd: string | null = null;
  let word: Node | null = null;
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (!c) continue;
    if (node.fieldNameForChild(i) === "descriptor") fd = c.text;
    else if (c.type === "<<<") continue;
    else if (c.isNamed && !word) word = c;
    else out.problems.push(`unexpected ${c.type} in here-string`);
  }
  out.redirects.push({ op: "<<<", fd, kind: "herestring", targetNode: word });
}
