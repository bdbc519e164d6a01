// An esbuild plugin that leaves out the parts of zod a bundle never calls, so a process that
// starts often (the CLI, the on-demand daemon) does not parse them at every start. zod's `z` namespace re-exports
// everything, which a bundler cannot tree-shake:
// - the 40-odd locales (~350 KB): only English, zod's default, is used; nothing calls
//   `z.config(z.locales.xx())`. `z.locales` keeps `en`.
// - `z.compile`/`withParser` (core/compile.js, ~90 KB) and `z.fromJSONSchema` (~40 KB): replaced,
//   where the namespace re-exports them and only there, by functions that throw a clear error.
// Only those re-export statements are redirected; a zod module that used the real code itself
// would still get it. The stubs export exactly the real module's names (read from it at build
// time), so a zod upgrade that changes them fails the build instead of a run.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const TRIMMED = [
  { dir: /[\\/]zod[\\/]v4[\\/](core|classic)$/, spec: "../locales/index.js", kind: "english" },
  { dir: /[\\/]zod[\\/]v4[\\/]core$/, spec: "./compile.js", kind: "stub" },
  { dir: /[\\/]zod[\\/]v4[\\/]classic$/, spec: "./from-json-schema.js", kind: "stub" },
];

function stubSource(realPath) {
  const names = [...readFileSync(realPath, "utf8").matchAll(/^export (?:const|class|function) (\w+)/gm)].map(
    (m) => m[1],
  );
  const lines = names.map(
    (name) =>
      `export const ${name} = () => { throw new Error("zod's ${name} is left out of this bundle (scripts/lib/zod-trim.mjs)."); };`,
  );
  return lines.join("\n");
}

export const zodTrim = {
  name: "zod-trim",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/(locales\/index|compile|from-json-schema)\.js$/ }, (args) => {
      const rule = TRIMMED.find((r) => r.spec === args.path && r.dir.test(args.resolveDir));
      if (!rule) return undefined;
      return { path: join(args.resolveDir, args.path), namespace: "zod-trim", pluginData: rule.kind };
    });
    build.onLoad({ filter: /.*/, namespace: "zod-trim" }, (args) => ({
      contents:
        args.pluginData === "english"
          ? `export { default as en } from ${JSON.stringify(join(dirname(args.path), "en.js"))};`
          : stubSource(args.path),
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};
