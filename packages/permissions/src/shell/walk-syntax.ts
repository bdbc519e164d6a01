// Shell syntax that is not a plain command: declarations, unset, bare assignments, [[ ]], for,
// case and (( )). Each either yields a "syntax" command or an issue; called by the walker.
import type { Node } from "web-tree-sitter";
import { isDangerousVariable } from "./env-vars.js";
import type { Assignment, Issue, RawCommand } from "./model.js";
import { lexWord, literalWord, short, type WordInfo } from "./words.js";

export interface WalkerCore {
  commands: RawCommand[];
  issue(check: Issue["check"], detail: string): void;
  word(node: Node, nested: boolean): WordInfo;
  assignment(node: Node, nested: boolean): Assignment;
  statement(node: Node, nested: boolean): void;
  scanNested(node: Node): void;
  unexpected(node: Node): void;
}

export const SEPARATORS = new Set([
  ";",
  "&&",
  "||",
  "|",
  "|&",
  "&",
  "\n",
  "(",
  ")",
  "{",
  "}",
  "!",
  "if",
  "then",
  "fi",
  "else",
  "elif",
  "while",
  "until",
  "do",
  "done",
  "for",
  "in",
  "case",
  "esac",
  ";;",
  ";&",
  ";;&",
]);

const ARITH_TEST_OPS = new Set(["-eq", "-ne", "-lt", "-le", "-gt", "-ge"]);
const LITERAL_ARITH = /^[\s0-9+\-*/%()<>=!&|^~?:,]*$/;

export function declaration(walker: WalkerCore, node: Node, nested: boolean): void {
  const keyword = node.child(0)?.type ?? "declare";
  const words: WordInfo[] = [literalWord(keyword)];
  const assignments: Assignment[] = [];
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === "variable_assignment") {
      assignments.push(walker.assignment(c, nested));
      words.push(lexWord(c.text, { assignment: true }));
      continue;
    }
    const w = walker.word(c, nested);
    words.push(w);
    if (w.isStatic && /^[-+][A-Za-z]+$/.test(w.value)) {
      if (keyword !== "export" && /[in]/.test(w.value.slice(1))) {
        walker.issue("shell-state", `${keyword} ${w.value} makes later expansions evaluate code`);
      }
    } else if (!(w.isStatic && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.value))) {
      walker.issue("shell-state", `${keyword} with a computed argument ${short(w.raw)}`);
    }
  }
  walker.commands.push({ kind: "syntax", words, assignments, redirects: [], nested, text: node.text });
}
export function unset(walker: WalkerCore, node: Node, nested: boolean): void {
  const words: WordInfo[] = [literalWord("unset")];
  for (const c of node.namedChildren) {
    if (!c) continue;
    const w = walker.word(c, nested);
    words.push(w);
    if (!w.isStatic || w.value.includes("[")) walker.issue("shell-state", `unset of ${short(w.raw)}`);
  }
  walker.commands.push({ kind: "syntax", words, assignments: [], redirects: [], nested, text: node.text });
}
export function bareAssignments(walker: WalkerCore, node: Node, nested: boolean): void {
  const list =
    node.type === "variable_assignment" ? [node] : node.namedChildren.filter((c): c is Node => !!c);
  const assignments = list.map((c) => walker.assignment(c, nested));
  walker.commands.push({ kind: "syntax", words: [], assignments, redirects: [], nested, text: node.text });
}
export function testCommand(walker: WalkerCore, node: Node, nested: boolean): void {
  const words: WordInfo[] = [literalWord("[[")];
  const stack: Node[] = [...node.namedChildren].filter((c): c is Node => !!c).reverse();
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (
      n.type === "binary_expression" ||
      n.type === "unary_expression" ||
      n.type === "parenthesized_expression"
    ) {
      const op =
        n.childForFieldName("operator")?.text ?? n.children.find((c) => c?.type === "test_operator")?.text;
      if (op === "-v" || op === "-R") walker.issue("arithmetic", `[[ ${op} ]] evaluates subscripts`);
      if (op && ARITH_TEST_OPS.has(op)) {
        for (const side of [n.childForFieldName("left"), n.childForFieldName("right")]) {
          if (side && !/^-?[0-9]+$/.test(side.text))
            walker.issue("arithmetic", `[[ ${op} ]] with a non-literal operand`);
        }
      }
      for (const c of [...n.namedChildren].reverse()) if (c) stack.push(c);
    } else if (n.type === "test_operator") {
      if (n.text === "-v" || n.text === "-R")
        walker.issue("arithmetic", `[[ ${n.text} ]] evaluates subscripts`);
    } else if (n.type === "regex" || n.type === "extglob_pattern") {
      if (/[`$]/.test(n.text)) walker.issue("complex-expansion", `expansion inside ${short(n.text)}`);
    } else if (n.type === "redirected_statement") {
      walker.issue("unsupported-syntax", "redirection inside [[ ]]");
    } else {
      words.push(walker.word(n, nested));
    }
  }
  walker.commands.push({ kind: "syntax", words, assignments: [], redirects: [], nested, text: node.text });
}
export function forStatement(walker: WalkerCore, node: Node, nested: boolean): void {
  if (node.child(0)?.type === "select") walker.issue("unsupported-syntax", "select loop");
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (!c) continue;
    const field = node.fieldNameForChild(i);
    if (field === "variable") {
      if (isDangerousVariable(c.text)) walker.issue("dangerous-variable", `loop variable ${c.text}`);
    } else if (field === "value") walker.word(c, nested);
    else if (field === "body") walker.statement(c, nested);
    else if (c.isNamed) walker.unexpected(c);
    else if (!SEPARATORS.has(c.type) && c.type !== "select") walker.unexpected(c);
  }
}
export function caseStatement(walker: WalkerCore, node: Node, nested: boolean): void {
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (!c) continue;
    if (node.fieldNameForChild(i) === "value") walker.word(c, nested);
    else if (c.type === "case_item") {
      for (let j = 0; j < c.childCount; j++) {
        const k = c.child(j);
        if (!k) continue;
        const f = c.fieldNameForChild(j);
        if (f === "value") {
          if (k.type === "extglob_pattern") {
            if (/[`$]/.test(k.text))
              walker.issue("complex-expansion", `expansion in case pattern ${short(k.text)}`);
          } else walker.word(k, nested);
        } else if (k.isNamed) walker.statement(k, nested);
        else if (!SEPARATORS.has(k.type) && k.type !== "|") walker.unexpected(k);
      }
    } else if (c.isNamed) walker.unexpected(c);
  }
}
export function arithmeticCommand(walker: WalkerCore, node: Node, nested: boolean): void {
  const inner = node.text.slice(2, -2);
  if (!LITERAL_ARITH.test(inner)) walker.issue("arithmetic", `arithmetic command ${short(node.text)}`);
  walker.scanNested(node);
  void nested;
}
