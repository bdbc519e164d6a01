// Walks a tree-sitter-bash syntax tree into simple commands. Every node type is handled
// explicitly; anything unexpected becomes an issue, so an unknown construct can never hide a
// command from the policy (fail closed).
import type { Node } from "web-tree-sitter";
import type { Assignment, Issue, RawCommand, Redirect, WalkResult } from "./model.js";
import { parseRedirect, REDIRECT_TYPES } from "./redirects.js";
import {
  arithmeticCommand,
  bareAssignments,
  caseStatement,
  declaration,
  forStatement,
  SEPARATORS,
  testCommand,
  unset,
  type WalkerCore,
} from "./walk-syntax.js";
import { lexWord, literalWord, short, type WordInfo, wordHazard } from "./words.js";

const SUBST_HINT = /\$\(|`|<\(|>\(/;

export function walkProgram(root: Node): WalkResult {
  const w = new Walker();
  w.statement(root, false);
  return { commands: w.commands, groupRedirects: w.groupRedirects, issues: w.issues };
}

class Walker implements WalkerCore {
  commands: RawCommand[] = [];
  groupRedirects: Redirect[] = [];
  issues: Issue[] = [];

  issue(check: Issue["check"], detail: string): void {
    this.issues.push({ check, detail });
  }

  statement(node: Node, nested: boolean): void {
    switch (node.type) {
      case "program":
      case "list":
      case "pipeline":
      case "subshell":
      case "do_group":
      case "else_clause":
      case "elif_clause":
      case "negated_command":
      case "if_statement":
      case "while_statement": {
        this.children(node, nested);
        return;
      }
      case "compound_statement":
        if (node.child(0)?.type === "((") {
          arithmeticCommand(this, node, nested);
          return;
        }
        {
          this.children(node, nested);
          return;
        }
      case "redirected_statement": {
        this.redirected(node, nested);
        return;
      }
      case "command": {
        this.command(node, nested, []);
        return;
      }
      case "declaration_command": {
        declaration(this, node, nested);
        return;
      }
      case "unset_command": {
        unset(this, node, nested);
        return;
      }
      case "variable_assignment":
      case "variable_assignments": {
        bareAssignments(this, node, nested);
        return;
      }
      case "test_command": {
        testCommand(this, node, nested);
        return;
      }
      case "for_statement": {
        forStatement(this, node, nested);
        return;
      }
      case "case_statement": {
        caseStatement(this, node, nested);
        return;
      }
      case "comment":
        return;
      case "c_style_for_statement":
        this.issue("arithmetic", "C-style for loop");
        {
          this.scanNested(node);
          return;
        }
      case "function_definition":
        this.issue(
          "code-execution",
          `defines a shell function (${short(node.childForFieldName("name")?.text ?? "")})`,
        );
        {
          this.scanNested(node);
          return;
        }
      default:
        this.issue("unsupported-syntax", `unsupported shell syntax (${node.type})`);
        {
          this.scanNested(node);
          return;
        }
    }
  }

  children(node: Node, nested: boolean): void {
    for (const c of node.children) {
      if (!c) continue;
      if (c.isNamed) this.statement(c, nested);
      else if (!SEPARATORS.has(c.type))
        this.issue("unsupported-syntax", `unexpected token ${JSON.stringify(c.type)}`);
    }
  }

  redirected(node: Node, nested: boolean): void {
    let body: Node | null = null;
    const redirectNodes: Node[] = [];
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i);
      if (!c) continue;
      if (node.fieldNameForChild(i) === "body") body = c;
      else if (REDIRECT_TYPES.has(c.type)) redirectNodes.push(c);
      else this.unexpected(c);
    }
    if (body?.type === "command") {
      this.command(body, nested, redirectNodes);
      return;
    }
    const extraArgs: WordInfo[] = [];
    for (const r of redirectNodes) this.groupRedirects.push(...this.redirect(r, nested, extraArgs));
    if (extraArgs.length > 0)
      this.issue("unsupported-syntax", "words after a redirection of a compound command");
    if (body) this.statement(body, nested);
  }

  command(node: Node, nested: boolean, outer: Node[]): void {
    const words: WordInfo[] = [];
    const assignments: Assignment[] = [];
    const redirects: Redirect[] = [];
    let prevWordEnd = -1;
    const text = node.text;
    const addWord = (c: Node) => {
      if (prevWordEnd >= 0 && c.startIndex <= prevWordEnd)
        this.issue("unsupported-syntax", `adjacent words near ${short(c.text)}`);
      words.push(this.word(c, nested));
      prevWordEnd = c.endIndex;
    };
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i);
      if (!c) continue;
      const field = node.fieldNameForChild(i);
      if (c.type === "variable_assignment") assignments.push(this.assignment(c, nested));
      else if (REDIRECT_TYPES.has(c.type)) redirects.push(...this.redirect(c, nested, words));
      else if (field === "name") {
        const inner = c.namedChildCount === 1 ? c.namedChild(0) : null;
        if (!inner) this.issue("unsupported-syntax", `unusual command name ${short(c.text)}`);
        addWord(c);
      } else if (field === "argument") addWord(c);
      else this.unexpected(c);
    }
    for (const r of outer) redirects.push(...this.redirect(r, nested, words));
    this.commands.push({ kind: "simple", words, assignments, redirects, nested, text });
  }

  /** Parses a redirect node. Words tree-sitter attached to it that bash gives to the command
   * (`echo > a b`: b is an argument) are appended to `words`. */
  redirect(node: Node, nested: boolean, words: WordInfo[]): Redirect[] {
    const parsed = parseRedirect(node);
    for (const d of parsed.problems) this.issue("unsupported-syntax", d);
    const out: Redirect[] = [];
    for (const r of parsed.redirects) {
      const target = r.targetNode ? this.word(r.targetNode, nested) : null;
      if (r.body !== undefined) {
        // Unquoted here-doc bodies expand `$(...)`, backquotes and `${...}` like double quotes.
        const body = lexWord(r.body, { heredoc: true });
        const hazard = wordHazard(body);
        if (hazard) this.issues.push(hazard);
        if (r.bodyNode) this.scanNested(r.bodyNode);
      }
      out.push({ op: r.op, fd: r.fd, kind: r.kind, target, raw: node.text, nested });
    }
    for (const a of parsed.extraArgs) words.push(this.word(a, nested));
    for (const s of parsed.statements) this.statement(s, nested);
    return out;
  }

  word(node: Node, nested: boolean): WordInfo {
    const w = lexWord(node.text);
    const hazard = wordHazard(w);
    if (hazard) this.issues.push(hazard);
    if (SUBST_HINT.test(node.text)) this.scanNested(node);
    void nested;
    return w;
  }

  assignment(node: Node, nested: boolean): Assignment {
    const nameNode = node.childForFieldName("name");
    const valueNode = node.childForFieldName("value");
    let name = nameNode?.text ?? "";
    let subscript: string | null = null;
    if (nameNode?.type === "subscript") {
      name = nameNode.childForFieldName("name")?.text ?? "";
      subscript = nameNode.childForFieldName("index")?.text ?? "";
      // Subscripts are evaluated arithmetically; a variable there can run code.
      if (!/^[0-9]+$/.test(subscript)) this.issue("arithmetic", `array subscript in ${short(node.text)}`);
    }
    let value: WordInfo | null = null;
    if (valueNode?.type === "array") {
      for (const el of valueNode.namedChildren) if (el) this.word(el, nested);
      value = literalWord("(...)");
      value.isStatic = false;
    } else if (valueNode) {
      value = lexWord(valueNode.text, { assignment: true });
      const hazard = wordHazard(value);
      if (hazard) this.issues.push(hazard);
      if (SUBST_HINT.test(valueNode.text)) this.scanNested(valueNode);
    }
    return { name, subscript, value, raw: node.text };
  }

  unexpected(c: Node): void {
    this.issue(
      "unsupported-syntax",
      `unexpected ${c.isNamed ? c.type : JSON.stringify(c.type)} near ${short(c.text)}`,
    );
  }

  /** Finds command and process substitutions anywhere below `node`, flags them and walks the
   * commands inside (nested: they can only ever be denied or asked, never approved). */
  scanNested(node: Node): void {
    const stack: Node[] = [node];
    while (stack.length > 0) {
      const n = stack.pop() as Node;
      if (n.type === "command_substitution" || n.type === "process_substitution") {
        const kind = n.type === "command_substitution" ? "command-substitution" : "process-substitution";
        this.issue(kind, `${kind.replace("-", " ")} ${short(n.text)}`);
        for (const c of n.namedChildren) if (c) this.statement(c, true);
        continue;
      }
      for (const c of n.namedChildren) if (c) stack.push(c);
    }
  }
}
