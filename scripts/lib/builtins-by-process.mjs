// An esbuild plugin for ES module bundles: a Node built-in that bundled code `import`s is read
// with `process.getBuiltinModule()` (Node >= 20.16) instead of being imported as an ES module.
//
// Why: Node gives a built-in imported as an ES module a facade whose exports are copied from the
// built-in when it is first imported, and copying reads every export, so every lazy getter runs
// and loads what it guards: `node:crypto`'s `webcrypto` and `subtle` (WebCrypto), `node:util`'s
// `parseArgs` and `MIMEType`, `node:fs`'s `promises`, `node:stream`'s `promises`... An idle daemon
// loaded all of these without using them: about 1.4 MiB of its resident memory (Node's own code
// and the modules' objects), and their compile time at every start. Read as an object, a
// built-in's lazy parts load when they are used, as they do for `require()`.
//
// The bundle sees each built-in as an ES module of its own whose exports are the built-in's
// properties (as the Node running the build has them), each read through a call marked pure:
// esbuild drops the exports no bundled code imports, so only what is imported is read when the
// bundle loads, and a lazy property nobody imports is never touched. The default export is the
// built-in itself, as with Node's facade. (Seen as a CommonJS module instead, each importing
// module would get its own copy of the built-in's properties as getters: it measured worse.)
// Only `import` statements and `import()` are redirected: bundled CommonJS code `require()`s
// built-ins already, through the bundle's banner.
import { createRequire, isBuiltin } from "node:module";

const NAMESPACE = "builtin-by-process";
const require = createRequire(import.meta.url);

/** An ES module re-exporting the built-in `path` (`node:…`), read with process.getBuiltinModule. */
export function builtinModuleSource(path) {
  // Enumerable properties only, as Node's own facade (`crypto.fips` and the like are deprecated).
  const names = Object.keys(require(path)).filter((name) => name !== "default");
  // Locals are numbered (a built-in may export a reserved word, or this module's own names).
  return [
    `const builtin = process.getBuiltinModule(${JSON.stringify(path)});`,
    "const read = (name) => builtin[name];",
    "export default builtin;",
    ...names.map((name, i) => `const $${i} = /* @__PURE__ */ read(${JSON.stringify(name)});`),
    `export { ${names.map((name, i) => `$${i} as ${JSON.stringify(name)}`).join(", ")} };`,
  ].join("\n");
}

export const builtinsByProcess = {
  name: "builtins-by-process",
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z][a-z0-9_/]*$/ }, (args) => {
      if (args.kind !== "import-statement" && args.kind !== "dynamic-import") return undefined;
      if (!isBuiltin(args.path)) return undefined;
      const builtin = args.path.startsWith("node:") ? args.path : `node:${args.path}`;
      // One module per importer: a module shared by the entry and a lazily loaded chunk would
      // get a chunk of its own, and every chunk costs the daemon's start a module load (enough
      // more of them get Node's URL-to-path functions optimised, a few MiB of compiler code).
      return { path: `${builtin}?from=${args.importer}`, namespace: NAMESPACE, pluginData: builtin };
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      contents: builtinModuleSource(args.pluginData),
      loader: "js",
    }));
  },
};
