// Walks a tree-sitter-bash syntax tree into simple commands. Every node type is handled
// explicitly; anything unexpected becomes an issue, so an unknown construct can never hide a
// command from the policy (fail closed).
import type { Node } from "web-tree-sitter";
import { isDangerousVariable } from "./env-vars.js";
import type { Assignment, Issue, RawCommand, Redirect, WalkResult } from "./model.js";
import { parseRedirect, REDIRECT_TYPES } from "./redirects.js";
import { lexWord, literalWord, short, type WordInfo, wordHazard } from "./words.js";

const SEPARATORS = new Set([
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
const SUBST_HINT = /\$\(|`|<\(|>\(/;
const LITERAL_ARITH = /^[\s0-9+\-*/%()<>=!&|^~?:,]*$/;

export function walkProgram(root: Node): WalkResult {
  const w = new Walker();
  w.statement(root, false);
  return { commands: w.commands, groupRedirects: w.groupRedirects, issues: w.issues };
}

class Walker {
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
          this.arithmeticCommand(node, nested);
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
        this.declaration(node, nested);
        return;
      }
      case "unset_command": {
        this.unset(node, nested);
        return;
      }
      case "variable_assignment":
      case "variable_assignments": {
        this.bareAssignments(node, nested);
        return;
      }
      case "test_command": {
        this.testCommand(node, nested);
        return;
      }
      case "for_statement": {
        this.forStatement(node, nested);
        return;
      }
      case "case_statement": {
        this.caseStatement(node, nested);
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

  declaration(node: Node, nested: boolean): void {
    const keyword = node.child(0)?.type ?? "declare";
    const words: WordInfo[] = [literalWord(keyword)];
    const assignments: Assignment[] = [];
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === "variable_assignment") {
        assignments.push(this.assignment(c, nested));
        words.push(lexWord(c.text, { assignment: true }));
        continue;
      }
      const w = this.word(c, nested);
      words.push(w);
      if (w.isStatic && /^[-+][A-Za-z]+$/.test(w.value)) {
        if (keyword !== "export" && /[in]/.test(w.value.slice(1))) {
          this.issue("shell-state", `${keyword} ${w.value} makes later expansions evaluate code`);
        }
      } else if (!(w.isStatic && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.value))) {
        this.issue("shell-state", `${keyword} with a computed argument ${short(w.raw)}`);
      }
    }
    this.commands.push({ kind: "syntax", words, assignments, redirects: [], nested, text: node.text });
  }

  unset(node: Node, nested: boolean): void {
    const words: WordInfo[] = [literalWord("unset")];
    for (const c of node.namedChildren) {
      if (!c) continue;
      const w = this.word(c, nested);
      words.push(w);
      if (!w.isStatic || w.value.includes("[")) this.issue("shell-state", `unset of ${short(w.raw)}`);
    }
    this.commands.push({ kind: "syntax", words, assignments: [], redirects: [], nested, text: node.text });
  }

  bareAssignments(node: Node, nested: boolean): void {
    const list =
      node.type === "variable_assignment" ? [node] : node.namedChildren.filter((c): c is Node => !!c);
    const assignments = list.map((c) => this.assignment(c, nested));
    this.commands.push({ kind: "syntax", words: [], assignments, redirects: [], nested, text: node.text });
  }

  testCommand(node: Node, nested: boolean): void {
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
        if (op === "-v" || op === "-R") this.issue("arithmetic", `[[ ${op} ]] evaluates subscripts`);
        if (op && ARITH_TEST_OPS.has(op)) {
          for (const side of [n.childForFieldName("left"), n.childForFieldName("right")]) {
            if (side && !/^-?[0-9]+$/.test(side.text))
              this.issue("arithmetic", `[[ ${op} ]] with a non-literal operand`);
          }
        }
        for (const c of [...n.namedChildren].reverse()) if (c) stack.push(c);
      } else if (n.type === "test_operator") {
        if (n.text === "-v" || n.text === "-R")
          this.issue("arithmetic", `[[ ${n.text} ]] evaluates subscripts`);
      } else if (n.type === "regex" || n.type === "extglob_pattern") {
        if (/[`$]/.test(n.text)) this.issue("complex-expansion", `expansion inside ${short(n.text)}`);
      } else if (n.type === "redirected_statement") {
        this.issue("unsupported-syntax", "redirection inside [[ ]]");
      } else {
        words.push(this.word(n, nested));
      }
    }
    this.commands.push({ kind: "syntax", words, assignments: [], redirects: [], nested, text: node.text });
  }

  forStatement(node: Node, nested: boolean): void {
    if (node.child(0)?.type === "select") this.issue("unsupported-syntax", "select loop");
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i);
      if (!c) continue;
      const field = node.fieldNameForChild(i);
      if (field === "variable") {
        if (isDangerousVariable(c.text)) this.issue("dangerous-variable", `loop variable ${c.text}`);
      } else if (field === "value") this.word(c, nested);
      else if (field === "body") this.statement(c, nested);
      else if (c.isNamed) this.unexpected(c);
      else if (!SEPARATORS.has(c.type) && c.type !== "select") this.unexpected(c);
    }
  }

  caseStatement(node: Node, nested: boolean): void {
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i);
      if (!c) continue;
      if (node.fieldNameForChild(i) === "value") this.word(c, nested);
      else if (c.type === "case_item") {
        for (let j = 0; j < c.childCount; j++) {
          const k = c.child(j);
          if (!k) continue;
          const f = c.fieldNameForChild(j);
          if (f === "value") {
            if (k.type === "extglob_pattern") {
              if (/[`$]/.test(k.text))
                this.issue("complex-expansion", `expansion in case pattern ${short(k.text)}`);
            } else this.word(k, nested);
          } else if (k.isNamed) this.statement(k, nested);
          else if (!SEPARATORS.has(k.type) && k.type !== "|") this.unexpected(k);
        }
      } else if (c.isNamed) this.unexpected(c);
    }
  }

  arithmeticCommand(node: Node, nested: boolean): void {
    const inner = node.text.slice(2, -2);
    if (!LITERAL_ARITH.test(inner)) this.issue("arithmetic", `arithmetic command ${short(node.text)}`);
    this.scanNested(node);
    void nested;
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
