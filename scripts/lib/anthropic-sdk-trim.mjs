// An esbuild plugin that keeps the Anthropic SDK's full API surface out of the chunk an
// Anthropic-API daemon loads for its first model request (issue #13: that chunk was 955 KB, of
// which the backend runs ~300 KB).
//
// Why the chunk was that big: esbuild splits at file granularity and a file shared by several
// dynamic imports carries everything reachable from its import statements, used or not. The
// Bedrock and Vertex SDKs import `resources/index` (the whole API: beta, organization, skills,
// tool runners, webhooks), and two SDK files the Anthropic backend needs reach it too:
// - `client.mjs` defines `BaseAnthropic` (what Berth uses) and then the full `Anthropic` client,
//   which imports every resource. Berth never constructs `Anthropic`: the backends build their
//   clients from `BaseAnthropic` plus `Messages` (packages/providers/src/client). The `Anthropic`
//   class is cut, with the imports only it used; in its place a class whose constructor throws an
//   error naming this file.
// - `core/error-classes.mjs` maps error codes to the specific error classes of every resource
//   (beta environments, organization users...). The map keeps the classes of the Messages API and
//   the shared ones (spend limits, CMEK); a code from another resource gets its status class
//   (BadRequestError, ConflictError...), which is what Berth's error mapping reads anyway
//   (packages/providers/src/client/error-map.ts maps by status).
// The Bedrock and Vertex backends still get the whole API, in their own chunks.
//
// Each rewrite checks the shape it expects and fails the build, naming this file, when an SDK
// upgrade changes it, instead of producing a bundle that fails at run time.
import { readFileSync } from "node:fs";

const CLIENT = /@anthropic-ai[\\/]sdk[\\/]client\.mjs$/;
const ERROR_CLASSES = /@anthropic-ai[\\/]sdk[\\/]core[\\/]error-classes\.mjs$/;
const FULL_CLIENT = "\nexport var Anthropic = ";
/** error-classes.mjs keeps the classes these files define: the Messages API and shared ones. */
const KEPT_ERROR_SOURCES = /from "\.\.\/resources\/(?:messages\/messages|shared)\.mjs";$/;

const IMPORT = /^import\s+(?:\*\s+as\s+(\w+)|\{([^}]*)\})\s+from\s+["'][^"']+["'];[ \t]*$/gm;

class TrimError extends Error {
  constructor(file, what) {
    super(
      `scripts/lib/anthropic-sdk-trim.mjs: ${file} ${what}. The @anthropic-ai/sdk upgrade changed ` +
        "the file's shape: update the plugin (or drop it from scripts/build.mjs).",
    );
  }
}

const bindings = (namespace, named) =>
  namespace
    ? [namespace]
    : named
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => part.split(/\s+as\s+/).pop());

/** The code with comments and the contents of one-line string literals blanked: what names it uses. */
const codeOnly = (code) =>
  code
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "")
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''");

/** Whether `code` uses `name` as a variable: not a property (`a.name`), but a spread (`...name`) is. */
const mentions = (code, name) =>
  new RegExp(`(?<![\\w$])(?<![^.]\\.)${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(code);

/** Drops the import declarations none of whose bindings the rest of the module uses. */
export function dropUnusedImports(code) {
  const rest = codeOnly(code.replace(IMPORT, ""));
  const dropped = [];
  const kept = code.replace(IMPORT, (line, namespace, named) => {
    const names = bindings(namespace, named);
    if (names.some((name) => mentions(rest, name))) return line;
    dropped.push(...names);
    return "";
  });
  return { code: kept, dropped };
}

/** client.mjs without the full `Anthropic` client and the imports only it used. */
export function trimClient(source, file = "client.mjs") {
  const at = source.indexOf(FULL_CLIENT);
  if (at < 0 || source.indexOf(FULL_CLIENT, at + 1) >= 0) {
    throw new TrimError(file, "no longer declares `export var Anthropic` once");
  }
  if (!source.includes("export var BaseAnthropic = "))
    throw new TrimError(file, "no longer declares BaseAnthropic");
  const { code, dropped } = dropUnusedImports(source.slice(0, at));
  if (!dropped.includes("API"))
    throw new TrimError(file, "still uses `resources/index.mjs` without `Anthropic`");
  const stub =
    "\nexport var Anthropic = class Anthropic extends BaseAnthropic {\n" +
    "  constructor() {\n" +
    '    throw new Error("The full Anthropic client is left out of this bundle (scripts/lib/anthropic-sdk-trim.mjs): build a client from BaseAnthropic and the resources it needs.");\n' +
    "  }\n};\n";
  return code + stub;
}

/** error-classes.mjs mapping only the classes the Messages API and the shared resources define. */
export function trimErrorClasses(source, file = "error-classes.mjs") {
  const dropped = new Set();
  let keptSources = 0;
  const imports = source.replace(/^import \{([^}]*)\} from "[^"]+";$/gm, (line, named) => {
    if (KEPT_ERROR_SOURCES.test(line)) {
      keptSources++;
      return line;
    }
    for (const name of bindings(undefined, named)) dropped.add(name);
    return "";
  });
  if (keptSources !== 2 || dropped.size === 0)
    throw new TrimError(file, "no longer imports its classes as expected");
  const trimmed = imports
    .split("\n")
    .filter((line) => {
      const entry = line.match(/^\s*\['[^']+', (\w+)\],?$/);
      return !(entry && dropped.has(entry[1]));
    })
    .join("\n");
  const left = [...dropped].filter((name) => mentions(codeOnly(trimmed), name));
  if (left.length > 0) throw new TrimError(file, `still uses ${left.join(", ")} outside the map`);
  return trimmed;
}

export const anthropicSdkTrim = {
  name: "anthropic-sdk-trim",
  setup(build) {
    build.onLoad({ filter: CLIENT }, (args) => ({
      contents: trimClient(readFileSync(args.path, "utf8"), args.path),
      loader: "js",
    }));
    build.onLoad({ filter: ERROR_CLASSES }, (args) => ({
      contents: trimErrorClasses(readFileSync(args.path, "utf8"), args.path),
      loader: "js",
    }));
  },
};
