// The matching half of Grep: building the regular expression and turning one file's matches into
// ripgrep-style lines ("path:12:text" for matches, "path-11-text" for context, "--" between groups).

export interface MatchOptions {
  regex: RegExp;
  multiline: boolean;
  before: number;
  after: number;
  lineNumbers: boolean;
  /** Prefix lines with the file path (off when searching a single file, as ripgrep does). */
  withPath: boolean;
}

export const GREP_MAX_LINE_CHARS = 1000;

/**
 * Builds a JS RegExp from a ripgrep-style pattern. Leading inline flags like "(?i)" are honoured;
 * unicode mode is tried first (\p{...} classes) and dropped if the pattern is not valid in it.
 */
export function buildRegex(pattern: string, ignoreCase: boolean, multiline: boolean): RegExp | string {
  let source = pattern;
  const flags = new Set<string>();
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    for (const f of inline[1]!) flags.add(f);
    source = source.slice(inline[0].length);
  }
  if (ignoreCase) flags.add("i");
  if (multiline) {
    flags.add("m");
    flags.add("s");
    flags.add("g");
  }
  const base = [...flags].join("");
  try {
    return new RegExp(source, `${base}u`);
  } catch {
    try {
      return new RegExp(source, base);
    } catch (error) {
      return `Invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message.replace(/^Invalid regular expression: /, "")}. Grep uses JavaScript regular expression syntax (close to ripgrep's); escape literal characters such as ( ) [ ] { } . * + ? with a backslash.`;
    }
  }
}

/** Indices (0-based) of the lines that match. */
export function matchingLines(lines: string[], text: string, options: MatchOptions): number[] {
  if (!options.multiline) {
    const found: number[] = [];
    lines.forEach((line, i) => {
      if (options.regex.test(line)) found.push(i);
    });
    return found;
  }
  // Multiline: matches may span lines; every line a match touches counts as matching.
  const starts: number[] = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const hit = new Set<number>();
  options.regex.lastIndex = 0;
  for (const m of text.matchAll(options.regex)) {
    const first = lineAt(m.index);
    const last = lineAt(m.index + Math.max(0, m[0].length - 1));
    for (let l = first; l <= last; l++) hit.add(l);
  }
  return [...hit].sort((a, b) => a - b);
}

function cut(line: string): string {
  return line.length > GREP_MAX_LINE_CHARS
    ? `${line.slice(0, GREP_MAX_LINE_CHARS)} [... line truncated]`
    : line;
}

/** ripgrep's content output for one file, context lines and "--" separators included. */
export function formatMatches(
  path: string,
  lines: string[],
  hits: number[],
  options: MatchOptions,
): string[] {
  const out: string[] = [];
  const isHit = new Set(hits);
  let lastShown = -2;
  const show = (i: number) => {
    if (i <= lastShown) return;
    if (lastShown >= 0 && i > lastShown + 1) out.push("--");
    const sepChar = isHit.has(i) ? ":" : "-";
    const prefix = `${options.withPath ? `${path}${sepChar}` : ""}${options.lineNumbers ? `${i + 1}${sepChar}` : ""}`;
    out.push(prefix + cut(lines[i] ?? ""));
    lastShown = i;
  };
  for (const hit of hits) {
    for (let i = Math.max(0, hit - options.before); i < hit; i++) show(i);
    show(hit);
    for (let i = hit + 1; i <= Math.min(lines.length - 1, hit + options.after); i++) show(i);
  }
  return out;
}

/** ripgrep --type names mapped to file-name globs (the common ones). */
export const FILE_TYPES: Record<string, string[]> = {
  js: ["*.js", "*.jsx", "*.mjs", "*.cjs"],
  ts: ["*.ts", "*.tsx", "*.mts", "*.cts"],
  py: ["*.py", "*.pyi"],
  rust: ["*.rs"],
  go: ["*.go"],
  java: ["*.java"],
  kotlin: ["*.kt", "*.kts"],
  scala: ["*.scala"],
  c: ["*.c", "*.h"],
  cpp: ["*.cpp", "*.cc", "*.cxx", "*.c++", "*.hpp", "*.hh", "*.hxx", "*.h", "*.inl"],
  cs: ["*.cs"],
  swift: ["*.swift"],
  ruby: ["*.rb", "*.gemspec", "Gemfile", "Rakefile"],
  php: ["*.php"],
  sh: ["*.sh", "*.bash", "*.zsh", ".bashrc", ".zshrc"],
  lua: ["*.lua"],
  dart: ["*.dart"],
  elixir: ["*.ex", "*.exs"],
  haskell: ["*.hs", "*.lhs"],
  r: ["*.r", "*.R", "*.Rmd"],
  sql: ["*.sql"],
  json: ["*.json", "*.jsonc", "*.json5"],
  yaml: ["*.yml", "*.yaml"],
  toml: ["*.toml"],
  xml: ["*.xml", "*.xsd", "*.xsl"],
  html: ["*.html", "*.htm", "*.xhtml"],
  css: ["*.css", "*.scss", "*.sass", "*.less"],
  md: ["*.md", "*.markdown", "*.mdx"],
  vue: ["*.vue"],
  svelte: ["*.svelte"],
  txt: ["*.txt"],
  docker: ["Dockerfile", "Dockerfile.*", "*.dockerfile"],
  make: ["Makefile", "makefile", "GNUmakefile", "*.mk"],
  proto: ["*.proto"],
  tf: ["*.tf", "*.tfvars"],
};
const ALIASES: Record<string, string> = {
  rs: "rust",
  python: "py",
  rb: "ruby",
  markdown: "md",
  javascript: "js",
  typescript: "ts",
  yml: "yaml",
  "c++": "cpp",
  bash: "sh",
  kt: "kotlin",
  golang: "go",
};

export function typeGlobs(type: string): string[] | undefined {
  return FILE_TYPES[ALIASES[type] ?? type];
}
