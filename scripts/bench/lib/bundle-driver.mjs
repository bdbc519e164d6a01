// Bundles a benchmark driver that imports workspace packages (TypeScript) the way
// scripts/build.mjs bundles the apps, and imports it. Returns the module and a cleanup.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "./common.mjs";

export async function bundleDriver(relativeEntry) {
  const out = mkdtempSync(join(tmpdir(), "berth-bench-bundle-"));
  const file = join(out, "driver.mjs");
  await build({
    entryPoints: [join(ROOT, relativeEntry)],
    outfile: file,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    mainFields: ["module", "main"],
    nodePaths: [join(ROOT, "apps/cli/node_modules"), join(ROOT, "packages/testkit/node_modules")],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    external: ["bufferutil", "utf-8-validate"],
    logLevel: "warning",
  });
  const module = await import(pathToFileURL(file).href);
  return { module, cleanup: () => rmSync(out, { recursive: true, force: true }) };
}
