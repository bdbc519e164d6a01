// Bundles a benchmark driver (drivers import the TypeScript workspace packages) with esbuild the
// way scripts/build.mjs bundles the apps, then imports it. The bundle lives in a temp folder
// that `dispose` removes.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "./common.mjs";

/**
 * The store finds better-sqlite3's compiled addon relative to its own module (import.meta.url).
 * In a bundle in a temp folder that resolves nothing (it only worked with the NODE_PATH that
 * package-manager shims set), so the bundled copy resolves from where its source lives.
 */
const sqliteFromSource = {
  name: "sqlite-from-source",
  setup(b) {
    b.onLoad({ filter: /packages[\\/]store[\\/]src[\\/]sqlite\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8").replaceAll(
        "import.meta.url",
        JSON.stringify(pathToFileURL(args.path).href),
      ),
      loader: "ts",
    }));
  },
};

/**
 * Bundles `entry` (relative to the repository root) into a temp folder; `nodePaths` resolve what
 * the driver imports. For drivers run as their own process; `dispose` removes the bundle.
 */
export async function bundleDriver(entry, { nodePaths = [], plugins = [] } = {}) {
  const out = mkdtempSync(join(tmpdir(), "berth-bench-bundle-"));
  const file = join(out, "driver.mjs");
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile: file,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    mainFields: ["module", "main"],
    nodePaths: [
      join(ROOT, "apps/cli/node_modules"),
      join(ROOT, "packages/testkit/node_modules"),
      ...nodePaths.map((p) => join(ROOT, p)),
    ],
    banner: {
      js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
    },
    plugins: [sqliteFromSource, ...plugins],
    external: ["bufferutil", "utf-8-validate"],
    logLevel: "warning",
  });
  return { file, dispose: () => rmSync(out, { recursive: true, force: true }) };
}

/** Bundles `entry` (see bundleDriver) and imports it into this process. */
export async function loadDriver(entry, options = {}) {
  const { file, dispose } = await bundleDriver(entry, options);
  const driver = await import(pathToFileURL(file).href);
  return { driver, dispose };
}
