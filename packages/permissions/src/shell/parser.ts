// Loads the tree-sitter bash grammar (WebAssembly) once per process. Parsing itself is
// synchronous, which keeps `decide` synchronous.
import { createRequire } from "node:module";
import { Language, Parser, type Tree } from "web-tree-sitter";

export interface BashParser {
  /** Parses `source`; the caller must `delete()` the tree. Null when tree-sitter gives up. */
  parse(source: string): Tree | null;
}

export interface ParserOptions {
  /** Path to, or bytes of, `tree-sitter-bash.wasm`. Defaults to the installed package's file. */
  grammar?: string | Uint8Array;
}

let runtime: Promise<void> | undefined;

export function defaultGrammarPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("tree-sitter-bash/package.json");
  return `${pkg.slice(0, pkg.lastIndexOf("/"))}/tree-sitter-bash.wasm`;
}

export async function loadBashParser(options: ParserOptions = {}): Promise<BashParser> {
  runtime ??= Parser.init();
  await runtime;
  const language = await Language.load(options.grammar ?? defaultGrammarPath());
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(source: string): Tree | null {
      parser.reset();
      return parser.parse(source);
    },
  };
}
