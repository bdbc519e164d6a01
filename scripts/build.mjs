#!/usr/bin/env node
// Bundles the runnable entry points with esbuild. Workspace packages are consumed as
// TypeScript source (their `exports` point at src/index.ts); only what Node runs
// directly is bundled: the daemon, the CLI and the fake model server. Native modules
// stay external and load from node_modules (better-sqlite3 keeps only its addon there).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, buildSync } from "esbuild";
import { anthropicSdkTrim } from "./lib/anthropic-sdk-trim.mjs";
import { builtinsByProcess } from "./lib/builtins-by-process.mjs";
import { fastifyTrim } from "./lib/fastify-trim.mjs";
import { zodTrim } from "./lib/zod-trim.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// Native addons and packages that locate files (wasm) beside their own module stay
// external; they are direct dependencies of the app that loads them. better-sqlite3 is the
// exception: its JavaScript is bundled and @berth/store loads its addon by path
// (packages/store/src/sqlite.ts), which saves thirteen CommonJS loads at every daemon start.
const NATIVE = ["node-pty", "web-tree-sitter", "tree-sitter-bash"];
// ws probes for these optional accelerators with a guarded require.
const OPTIONAL = ["bufferutil", "utf-8-validate"];
const entries = [
  {
    in: "apps/daemon/src/main.ts",
    out: "apps/daemon/dist/berth-daemon.js",
    external: [...NATIVE, ...OPTIONAL],
    // Code reached only through import() (the Bedrock and Vertex SDKs) goes into chunks
    // loaded on first use, so an Anthropic-API daemon never parses them.
    split: true,
    // The daemon starts on demand, so its start is on a user's first prompt: leave out the parts
    // of fastify and zod it never runs, and keep the Anthropic SDK's full API surface out of the
    // chunk the first model request loads (each file says what and why).
    plugins: [builtinsByProcess, fastifyTrim, zodTrim, anthropicSdkTrim],
    // V8 keeps every loaded module's source for as long as the daemon runs (its lazy functions
    // compile from it): without indentation and spaces, the code an idle daemon loads is 1.2 MB
    // instead of 1.7. Names stay, so stack traces still read; lines are kept short
    // (`lineLimit`), and the source map leads back to the TypeScript
    // (`node --enable-source-maps`, docs/architecture.md).
    minifyWhitespace: true,
  },
  {
    // The CLI's entry (the bin): CommonJS, so a run that opens a session reaches the code-cached
    // command line below without starting Node's ES module loader (apps/cli/src/main.ts).
    in: "apps/cli/src/main.ts",
    out: "apps/cli/dist/berth.cjs",
    external: OPTIONAL,
    commonjs: true,
    // Builds before this one wrote an ES module entry of this name.
    stale: ["apps/cli/dist/berth.js", "apps/cli/dist/berth.js.map"],
  },
  {
    // The command line as ES modules, for every other command: each command is import()ed, so
    // each run parses just the chunks it needs (`berth sessions` never loads the REPL or the
    // renderer).
    in: "apps/cli/src/program.ts",
    out: "apps/cli/dist/program.js",
    external: OPTIONAL,
    split: true,
    plugins: [zodTrim],
  },
  {
    in: "apps/cli/src/program.ts",
    out: "apps/cli/dist/program.vm.js",
    external: OPTIONAL,
    plugins: [zodTrim],
    // The command line once more, as one classic script that apps/cli/src/program-loader.ts
    // compiles through node:vm with a V8 code cache (Node 20 caches no ES module): CommonJS
    // (import()s inlined) wrapped in a function expression that takes the CommonJS arguments
    // and the script's own URL for import.meta.url.
    script: true,
  },
  { in: "packages/testkit/src/bin/fake-model.ts", out: "packages/testkit/dist/fake-model.js", external: [] },
];

const scriptOptions = {
  banner: { js: "(function (exports, require, module, __filename, __dirname, __berthModuleUrl) {" },
  footer: { js: "})" },
  define: { "import.meta.url": "__berthModuleUrl" },
  // A node:vm script has no module loader behind import(): lower every import() (of a builtin
  // too) to require().
  supported: { "dynamic-import": false },
};

const commonjsOptions = {
  banner: {
    js: [
      "#!/usr/bin/env node",
      "const __berthModuleUrl = require('node:url').pathToFileURL(__filename).href;",
    ].join("\n"),
  },
  define: { "import.meta.url": "__berthModuleUrl" },
  // The program module it import()s is the ES module build beside it, not bundled in.
  plugins: [
    {
      name: "program-beside",
      setup(b) {
        b.onResolve({ filter: /^\.\/program(\.js)?$/ }, () => ({ path: "./program.js", external: true }));
      },
    },
  ],
};

const banner = [
  "#!/usr/bin/env node",
  // Bundled ESM still needs `require` for CommonJS dependencies that esbuild keeps external and
  // for node built-ins that bundled CommonJS code requires. Made on first use: every chunk
  // carries this banner, and an eager createRequire per chunk was a third of the path work that
  // got node's path functions optimised during the daemon's start (packages/store/src/sqlite.ts).
  "import { createRequire as __berthCreateRequire } from 'node:module';",
  "let __berthRequireOf;",
  "const __berthRequire = () => (__berthRequireOf ??= __berthCreateRequire(import.meta.url));",
  "function require(id) { return __berthRequire()(id); }",
  "for (const key of ['resolve', 'cache', 'main'])",
  "  Object.defineProperty(require, key, { get: () => __berthRequire()[key] });",
].join("\n");

/**
 * esbuild escapes non-ASCII characters in code but keeps comments as written, and one "→" in a
 * comment makes V8 hold the whole module source as two-byte characters: twice the memory for as
 * long as the process lives (2 MB of the idle daemon). Escaping them is harmless in comments.
 */
function asciiOnly(file) {
  const text = readFileSync(file, "utf8");
  const escaped = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (escaped !== text) writeFileSync(file, escaped);
}

const started = Date.now();
for (const entry of entries) {
  const input = join(root, entry.in);
  if (!existsSync(input)) continue;
  const out = join(root, entry.out);
  // Chunk names carry content hashes, so each build writes new files: drop the previous build's
  // chunks, or they pile up (and get packed) forever.
  if (entry.split) rmSync(join(dirname(out), "chunks"), { recursive: true, force: true });
  for (const file of entry.stale ?? []) rmSync(join(root, file), { force: true });
  const result = await build({
    ...(entry.split
      ? {
          entryPoints: [{ in: input, out: basename(out, ".js") }],
          outdir: dirname(out),
          splitting: true,
          chunkNames: "chunks/[name]-[hash]",
        }
      : { entryPoints: [input], outfile: out }),
    bundle: true,
    platform: "node",
    target: "node20",
    format: entry.script || entry.commonjs ? "cjs" : "esm",
    // Prefer a package's ESM build: UMD builds (jsonc-parser) require() their own files at run
    // time, which a bundle cannot resolve.
    mainFields: ["module", "main"],
    sourcemap: "linked",
    ...(entry.minifyWhitespace ? { minifyWhitespace: true, lineLimit: 200 } : {}),
    ...(entry.script ? scriptOptions : entry.commonjs ? commonjsOptions : { banner: { js: banner } }),
    external: entry.external,
    plugins: [...(entry.plugins ?? []), ...(entry.commonjs ? commonjsOptions.plugins : [])],
    logLevel: "warning",
    metafile: true,
  });
  for (const file of Object.keys(result.metafile.outputs))
    if (file.endsWith(".js")) asciiOnly(join(root, file));
}
process.stderr.write(`build: bundled ${entries.length} entry points in ${Date.now() - started} ms\n`);
writeCliSeedCache();

/**
 * The command line's seed code cache (apps/cli/src/program-loader.ts, writeProgramSeed): V8
 * bytecode of program.vm.js, so the first `berth -p` in a new Berth home does not compile the
 * command line from source. Written by this Node in a process of its own, without NODE_OPTIONS:
 * V8 accepts a cache only from the same version and flags, and a user on another Node falls
 * back to compiling (and caches in their home from then on).
 */
function writeCliSeedCache() {
  const script = join(root, "apps/cli/dist/program.vm.js");
  // The previous build's seed names other source; it would be ignored, but not kept either.
  rmSync(join(root, "apps/cli/dist/program.vm.v8"), { force: true });
  if (!existsSync(script)) return;
  const writer = join(tmpdir(), `berth-seed-writer-${process.pid}.mjs`);
  try {
    buildSync({
      stdin: {
        contents:
          'import { writeProgramSeed } from "./apps/cli/src/program-loader";\nwriteProgramSeed(process.argv[2]);',
        resolveDir: root,
        loader: "ts",
      },
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile: writer,
      logLevel: "warning",
    });
    const { NODE_OPTIONS: _, ...env } = process.env;
    const run = spawnSync(process.execPath, [writer, script], { env, encoding: "utf8" });
    // Only the first run in each new home is slower without it (apps/cli/test/code-cache.test.ts
    // notices), so the build goes on.
    if (run.status !== 0) process.stderr.write(`build: no seed code cache for the CLI:\n${run.stderr}\n`);
  } finally {
    rmSync(writer, { force: true });
  }
}
