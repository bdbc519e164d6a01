// Start-up cost is a feature (issue #13): the built CLI is code-split so each command parses only
// what it runs. These tests read the bundle's import graph (what Node would load) and fail when a
// static import drags the REPL, the Markdown renderer or zod into a path that must not need them.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI_ENTRY, ensureBuilt } from "./support/paths";

const CHUNKS = join(dirname(CLI_ENTRY), "chunks");
/** The ES module build of the command line, which the entry import()s for non-session commands. */
const PROGRAM = join(dirname(CLI_ENTRY), "program.js");

/** A chunk that esbuild named after the module a dynamic import() loads, e.g. `run-print-AB12.js`. */
function chunkFor(name: string): string {
  const found = readdirSync(CHUNKS).filter((f) => new RegExp(`^${name}-[A-Z0-9]+\\.js$`).test(f));
  expect(found, `one chunk for ${name}`).toHaveLength(1);
  return join(CHUNKS, found[0] as string);
}

/** The files Node loads for `files`: each one and everything it imports statically. */
function staticClosure(...files: string[]): { files: string[]; source: string } {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"(\.[^"]+)";|^import\s*"(\.[^"]+)";/gm)) {
      visit(join(dirname(file), (m[1] ?? m[2]) as string));
    }
  };
  for (const f of files) visit(f);
  return { files: [...seen], source: [...seen].map((f) => readFileSync(f, "utf8")).join("\n") };
}

/** esbuild marks each bundled module with a `// path` comment; these name the heavy ones. */
const MARKERS = {
  zod: "node_modules/zod/",
  commander: "node_modules/commander/",
  marked: "node_modules/marked/",
  highlight: "node_modules/highlight.js/",
  ws: "node_modules/ws/",
  repl: "apps/cli/src/interactive/repl.ts",
  renderer: "apps/cli/src/interactive/renderer.ts",
};
const has = (source: string, marker: keyof typeof MARKERS) => source.includes(MARKERS[marker]);

beforeAll(async () => {
  await ensureBuilt();
});

describe("the code-split CLI bundle", () => {
  it("answers --version from the entry alone: no zod, no commander", () => {
    const { source } = staticClosure(CLI_ENTRY);
    expect(has(source, "zod")).toBe(false);
    expect(has(source, "commander")).toBe(false);
    expect(source).toContain("--version");
  });

  it("has a CommonJS entry whose one import() is the ES module command line beside it", () => {
    // A run that opens a session must not start Node's ES module loader (main.ts).
    const entry = readFileSync(CLI_ENTRY, "utf8");
    expect(CLI_ENTRY.endsWith(".cjs")).toBe(true);
    expect(entry).not.toMatch(/^(?:import|export)\s/m);
    expect(entry.match(/\bimport\(/g)).toHaveLength(1);
    expect(entry).toContain('"./program.js"');
    expect(readFileSync(PROGRAM, "utf8")).toMatch(/^export\s*\{[^}]*runProgram/m);
  });

  it("runs -p, sessions and daemon commands without the REPL, the renderer or highlight.js", () => {
    const program = PROGRAM;
    for (const command of ["run-print", "sessions", "daemon"]) {
      const { source } = staticClosure(program, chunkFor(command));
      for (const heavy of ["marked", "highlight", "repl", "renderer"] as const) {
        expect(has(source, heavy), `${command} loads ${heavy}`).toBe(false);
      }
    }
  });

  it("connects without the ws package (its own WebSocket client: no http, https, tls or zlib)", () => {
    const { source } = staticClosure(PROGRAM, chunkFor("run-print"));
    expect(has(source, "ws")).toBe(false);
    const script = readFileSync(join(dirname(CLI_ENTRY), "program.vm.js"), "utf8");
    expect(has(script, "ws")).toBe(false);
    expect(script).not.toMatch(/require\("node:(https?|tls|zlib)"\)/);
  });

  it("leaves no import() in the code-cached script (a node:vm script has no loader for it)", () => {
    const script = readFileSync(join(dirname(CLI_ENTRY), "program.vm.js"), "utf8");
    const code = script.split("\n").filter((line) => !/^\s*(\/\/|\*)/.test(line));
    expect(code.filter((line) => /\bimport\(/.test(line))).toEqual([]);
  });

  it("still bundles the REPL and renderer for interactive use", () => {
    const { source } = staticClosure(PROGRAM, chunkFor("interactive"));
    expect(has(source, "repl")).toBe(true);
    expect(has(source, "marked")).toBe(true);
  });

  it("leaves out what zod's namespace re-exports but the CLI never calls (scripts/lib/zod-trim.mjs)", () => {
    const all = readdirSync(CHUNKS)
      .filter((f) => f.endsWith(".js"))
      .map((f) => readFileSync(join(CHUNKS, f), "utf8"))
      .join("\n");
    expect(all).toContain("zod/v4/locales/en.js");
    expect(all).not.toContain("zod/v4/locales/de.js");
    // The real modules would appear under their node_modules path; the stubs are `zod-trim:`.
    expect(all).not.toMatch(/^\/\/ node_modules\/\S*zod\/v4\/core\/compile\.js$/m);
    expect(all).not.toMatch(/^\/\/ node_modules\/\S*zod\/v4\/classic\/from-json-schema\.js$/m);
    expect(all).toMatch(/^\/\/ node_modules\/\S*zod\/v4\/core\/schemas\.js$/m);
    expect(all).toContain("zod's fromJSONSchema is left out of this bundle");
  });
});
