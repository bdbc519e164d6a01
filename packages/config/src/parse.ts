// Text → value, with positions. jsonc-parser gives us a syntax tree with offsets (so every
// diagnostic can name a line and column) and parses comments and trailing commas, which real
// settings files contain; we accept both and warn, because strict JSON readers reject them.
import {
  createScanner,
  type Node,
  type ParseError,
  parseTree,
  printParseErrorCode,
  visit,
} from "jsonc-parser";
import { type Diagnostic, diagnostic, formatKeyPath } from "./diagnostics.js";

export type JsonPath = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  column: number;
}

/** Finds where a key path sits in the original text (falling back to the nearest ancestor). */
export interface Locator {
  position(path: JsonPath, target?: "key" | "value"): Position | undefined;
}

export interface ParsedText {
  /** The parsed value; undefined when the text has syntax errors. */
  value: unknown;
  locator: Locator;
  diagnostics: Diagnostic[];
  empty: boolean;
}

const MAX_SYNTAX_ERRORS = 5;

export function parseSettingsText(text: string, file: string): ParsedText {
  // A byte-order mark is not JSON whitespace; replace it with a space so offsets stay put.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const lines = lineStarts(source);
  const at = (offset: number): Position => offsetToPosition(lines, offset);
  const diagnostics: Diagnostic[] = [];

  if (source.trim() === "") {
    diagnostics.push(diagnostic("empty-file", file, "", "The file is empty; treating it as {}."));
    return { value: {}, locator: emptyLocator, diagnostics, empty: true };
  }

  const errors: ParseError[] = [];
  const tree = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false });
  const locator = treeLocator(tree, at);
  if (errors.length > 0 || !tree) {
    for (const e of errors.slice(0, MAX_SYNTAX_ERRORS)) {
      const msg = `Invalid JSON: ${describeParseError(printParseErrorCode(e.error))}.`;
      diagnostics.push(diagnostic("json-syntax", file, "", msg, at(e.offset)));
    }
    if (errors.length === 0) diagnostics.push(diagnostic("json-syntax", file, "", "Invalid JSON.", at(0)));
    return { value: undefined, locator, diagnostics, empty: false };
  }

  diagnostics.push(...leniencyWarnings(source, file, at));
  diagnostics.push(...duplicateKeyWarnings(tree, file, at));
  return { value: nodeValue(tree), locator, diagnostics, empty: false };
}

function describeParseError(code: string): string {
  // "CommaExpected" → "comma expected"
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** Comments and trailing commas parse, but deserve a warning (strict JSON tools reject them). */
function leniencyWarnings(source: string, file: string, at: (o: number) => Position): Diagnostic[] {
  const out: Diagnostic[] = [];
  let firstComment: number | undefined;
  let comments = 0;
  visit(source, {
    onComment: (offset) => {
      comments++;
      firstComment ??= offset;
    },
  });
  if (firstComment !== undefined) {
    const msg = `The file has ${comments} comment${comments === 1 ? "" : "s"} (JSONC). Berth accepts them; strict JSON readers do not.`;
    out.push(diagnostic("jsonc-comments", file, "", msg, at(firstComment)));
  }
  for (const offset of trailingCommas(source)) {
    out.push(
      diagnostic("trailing-comma", file, "", "Trailing comma; strict JSON readers reject it.", at(offset)),
    );
  }
  return out;
}

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot import; its values.
const CLOSE_BRACE = 2;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const EOF = 17;

/** Offsets of commas followed (past whitespace and comments) by a closing bracket or brace. */
function trailingCommas(source: string): number[] {
  const scanner = createScanner(source, true);
  const out: number[] = [];
  let lastComma: number | undefined;
  for (let token = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === LINE_COMMENT || token === BLOCK_COMMENT) continue;
    if ((token === CLOSE_BRACKET || token === CLOSE_BRACE) && lastComma !== undefined) {
      out.push(lastComma);
    }
    lastComma = token === COMMA ? scanner.getTokenOffset() : undefined;
  }
  return out;
}

function duplicateKeyWarnings(root: Node, file: string, at: (o: number) => Position): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (node: Node, path: Array<string | number>) => {
    if (node.type === "object") {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const keyNode = prop.children?.[0];
        if (!keyNode) continue;
        const key = String(keyNode.value);
        if (seen.has(key)) {
          const msg = `Duplicate key "${key}"; the last occurrence wins.`;
          out.push(diagnostic("duplicate-key", file, formatKeyPath([...path, key]), msg, at(keyNode.offset)));
        }
        seen.add(key);
        const valueNode = prop.children?.[1];
        if (valueNode) walk(valueNode, [...path, key]);
      }
    } else if (node.type === "array") {
      (node.children ?? []).forEach((child, i) => {
        walk(child, [...path, i]);
      });
    }
  };
  walk(root, []);
  return out;
}

/**
 * Plain objects (not jsonc-parser's null-prototype ones, which some validators refuse), with
 * `__proto__` defined as an own property instead of assigned, so a settings file can never
 * change an object's prototype. Later duplicate keys win, as in JSON.parse.
 */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case "object": {
      const obj: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode || !valueNode) continue;
        Object.defineProperty(obj, String(keyNode.value), {
          value: nodeValue(valueNode),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return obj;
    }
    case "array":
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function findNode(root: Node, path: JsonPath): Node | undefined {
  let node: Node | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === "number") {
      node = node.type === "array" ? node.children?.[segment] : undefined;
    } else if (node.type === "object") {
      // The last property with this name is the one whose value counts.
      const props: Node[] = (node.children ?? []).filter((p) => p.children?.[0]?.value === segment);
      node = props[props.length - 1]?.children?.[1];
    } else {
      return undefined;
    }
  }
  return node;
}

function treeLocator(tree: Node | undefined, at: (o: number) => Position): Locator {
  return {
    position(path, target = "value") {
      if (!tree) return undefined;
      for (let len = path.length; len >= 0; len--) {
        const node = findNode(tree, path.slice(0, len));
        if (!node) continue;
        // A key diagnostic points at the property name; an ancestor fallback points at its value.
        const keyNode = node.parent?.type === "property" ? node.parent.children?.[0] : undefined;
        const chosen = target === "key" && len === path.length && keyNode ? keyNode : node;
        return at(chosen.offset);
      }
      return undefined;
    },
  };
}

const emptyLocator: Locator = { position: () => undefined };

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

function offsetToPosition(starts: number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}
