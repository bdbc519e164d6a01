// `@path` imports in a memory file. Not evaluated inside fenced code blocks or inline code
// spans, so `@decorator` examples and `npm i @scope/pkg` in backticks never load anything.
import { homedir } from "node:os";
import { dirname, isAbsolute, resolve } from "node:path";

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
// `@` at the start or after whitespace, then a path-looking token (no `@` inside, so e-mail
// addresses and `@scope/pkg@1.2` are not imports).
const IMPORT = /(?:^|\s)@((?:~\/|\.{1,2}\/|\/)?[A-Za-z0-9_.\-~][^\s`@]*)/g;

/** Import specs in the order they appear, code spans and fences excluded. */
export function findImports(text: string): string[] {
  const found: string[] = [];
  let fence: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const marker = FENCE.exec(line)?.[1];
    if (marker) {
      if (fence === undefined) fence = marker;
      else if (marker.startsWith(fence)) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const outsideCode = line.replace(/(`+)[\s\S]*?\1/g, " ");
    for (const match of outsideCode.matchAll(IMPORT)) {
      // Trailing sentence punctuation is not part of a path.
      const spec = match[1]!.replace(/[.,;:!?)\]]+$/, "");
      if (spec) found.push(spec);
    }
  }
  return found;
}

/** Relative to the importing file; `~/` is the user's home. */
export function resolveImport(spec: string, importer: string, home: string = homedir()): string {
  if (spec === "~" || spec.startsWith("~/")) return resolve(home, spec.slice(2));
  if (isAbsolute(spec)) return resolve(spec);
  return resolve(dirname(importer), spec);
}
