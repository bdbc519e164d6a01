// Bundles a benchmark driver (it imports the TypeScript workspace packages) the way
// scripts/build.mjs bundles the apps, resolving packages through the CLI's and the testkit's
// dependencies, and imports it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "./common.mjs";

/** `extra` adds node paths and esbuild plugins (e.g. to keep a native module external). */
export async function bundleDriver(entry, extra = {}) {
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
      ...(extra.nodePaths ?? []),
    ],
    plugins: extra.plugins ?? [],
    banner: {
      js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
    },
    external: ["bufferutil", "utf-8-validate"],
    logLevel: "warning",
  });
  const driver = await import(pathToFileURL(file).href);
  return { driver, dispose: () => rmSync(out, { recursive: true, force: true }) };
}
