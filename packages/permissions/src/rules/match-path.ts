// Read(...)/Edit(...) path patterns, gitignore style (reference §2.4): `//abs`, `~/home`,
// `/relative-to-settings-root`, `./relative` (to cwd) and bare patterns. `*` stays within a
// segment, `**` crosses segments, and a pattern that names a directory covers everything in it.
// Deny/ask rules are read as broadly as the text allows (a bare `src/**` matches a `src` at any
// depth); allow rules as narrowly (anchored at the working directory).
import { posix } from "node:path";
import type { RuleList } from "../types.js";

export type PathAnchor = "abs" | "home" | "root" | "cwd" | "anywhere" | "cwd-any-depth";

export interface PathPattern {
  anchor: PathAnchor;
  /** Pattern text below the anchor, without a leading slash. */
  body: string;
  /** Directory `/x` anchors resolve against (settings root), when anchor is "root". */
  root?: string;
  cache: Map<string, RegExp>;
}

export function parsePathPattern(
  raw: string,
  list: RuleList,
  root?: string,
): PathPattern | { error: string } {
  let text = raw.trim();
  if (text.includes("\u0000")) return { error: "path pattern contains a NUL byte" };
  const drive = /^([A-Za-z]):[\\/](.*)$/s.exec(text);
  if (drive) text = `//${(drive[1] ?? "").toLowerCase()}/${(drive[2] ?? "").replace(/\\/g, "/")}`;
  const make = (anchor: PathAnchor, body: string, r?: string): PathPattern => {
    const p: PathPattern = { anchor, body: body.replace(/^\/+/, ""), cache: new Map() };
    if (r !== undefined) p.root = r;
    return p;
  };
  if (text.startsWith("//")) return make("abs", text.slice(2));
  if (text === "~" || text.startsWith("~/")) return make("home", text.slice(1));
  if (text.startsWith("~")) return { error: "`~user` paths are not supported in rules" };
  if (text.startsWith("/")) {
    if (root !== undefined) return make("root", text.slice(1), root);
    if (list === "allow") return { error: "a `/path` rule needs the settings file's root directory" };
    return make("anywhere", text.slice(1));
  }
  if (text === "." || text.startsWith("./") || text === ".." || text.startsWith("../"))
    return make("cwd", text);
  const trimmed = text.replace(/\/+$/, "");
  if (list !== "allow") return trimmed.split("/").includes("..") ? make("cwd", text) : make("anywhere", text);
  return trimmed.includes("/") ? make("cwd", text) : make("cwd-any-depth", text);
}

export interface PathMatchEnv {
  cwd: string;
  home: string;
  caseInsensitive: boolean;
}

export function pathPatternMatches(p: PathPattern, absPath: string, env: PathMatchEnv): boolean {
  return patternRegex(p, env).test(absPath);
}

function patternRegex(p: PathPattern, env: PathMatchEnv): RegExp {
  const base =
    p.anchor === "home"
      ? env.home
      : p.anchor === "root"
        ? (p.root ?? "/")
        : p.anchor.startsWith("cwd")
          ? env.cwd
          : "";
  const key = `${base}\u0000${env.caseInsensitive ? "i" : ""}`;
  let re = p.cache.get(key);
  if (!re) {
    re = buildRegex(p, base, env.caseInsensitive);
    if (p.cache.size > 64) p.cache.clear();
    p.cache.set(key, re);
  }
  return re;
}

function buildRegex(p: PathPattern, base: string, ci: boolean): RegExp {
  const tail = "(?:/.*)?$";
  let body: string;
  if (p.anchor === "anywhere") body = `^${ANY}${segmentsRegex(p.body)}${tail}`;
  else if (p.anchor === "cwd-any-depth")
    body = `^${escapeRe(stripSlash(base))}${ANY}${segmentsRegex(p.body)}${tail}`;
  else {
    // Lexically normalise `base/body` so `../x` and `./x` anchor correctly; glob characters are
    // ordinary characters to posix.normalize.
    body = `^${segmentsRegex(posix.normalize(`${base || "/"}/${p.body}`))}${tail}`;
  }
  // Adjacent "any depth" groups (`**/**`, a leading `**` on an any-depth pattern) match the same
  // strings as one, and each extra one multiplies regex backtracking on long paths.
  while (body.includes(ANY + ANY)) body = body.replaceAll(ANY + ANY, ANY);
  body = body.replace(`${ANY}(?:/.*)?$`, "(?:/.*)?$");
  return new RegExp(body, ci ? "i" : "");
}

const ANY = "(?:/.*)?";

function stripSlash(s: string): string {
  return s.endsWith("/") ? s.slice(0, -1) : s;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** `/a/**\/b*` → regex text matching `/a/b1`, `/a/x/y/b2`. Always starts with `/` or is empty. */
function segmentsRegex(pattern: string): string {
  let out = "";
  for (const seg of pattern.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "**") out += ANY;
    else out += `/${segmentRegex(seg)}`;
  }
  return out;
}

function segmentRegex(seg: string): string {
  let out = "";
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] ?? "";
    if (c === "\\" && i + 1 < seg.length) {
      out += escapeRe(seg[++i] ?? "");
    } else if (c === "*") {
      out += "[^/]*";
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "[") {
      const end = seg.indexOf("]", i + 2);
      if (end < 0) {
        out += "\\[";
        continue;
      }
      let cls = seg.slice(i + 1, end);
      if (cls.startsWith("!")) cls = `^${cls.slice(1)}`;
      out += `[${cls.replace(/\\/g, "\\\\").replace(/\//g, "")}]`;
      i = end;
    } else {
      out += escapeRe(c);
    }
  }
  return out;
}

/** Escapes a literal path for use in a generated rule (gitignore escaping). */
export function escapePathForRule(path: string): string {
  return path.replace(/[*?[\]\\]/g, "\\$&");
}

/** The absolute directory every path the pattern matches lies under (its literal leading
 * segments), or null when it matches at any depth anywhere. Used to ask whether a recursive read
 * of a directory can reach a denied path. */
export function patternBase(p: PathPattern, env: PathMatchEnv): string | null {
  if (p.anchor === "anywhere" || p.anchor === "cwd-any-depth") return null;
  const base =
    p.anchor === "home"
      ? env.home
      : p.anchor === "root"
        ? (p.root ?? "/")
        : p.anchor === "cwd"
          ? env.cwd
          : "";
  const full = posix.normalize(`${base || "/"}/${p.body}`);
  const literal: string[] = [];
  for (const seg of full.split("/")) {
    if (/[*?[\\]/.test(seg)) break;
    if (seg !== "") literal.push(seg);
  }
  return `/${literal.join("/")}`;
}
