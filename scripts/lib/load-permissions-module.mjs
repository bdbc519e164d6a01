// Runs TypeScript from packages/permissions under plain Node: bundles one entry with esbuild into
// the package's node_modules/.cache (so web-tree-sitter and the grammar resolve from the package)
// and imports it.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

export async function loadPermissionsModule(entry, name) {
  const out = join(root, "packages/permissions/node_modules/.cache", `${name}.mjs`);
  mkdirSync(dirname(out), { recursive: true });
  await build({
    entryPoints: [join(root, "packages/permissions/src", entry)],
    outfile: out,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    external: ["web-tree-sitter"],
    logLevel: "warning",
  });
  return import(pathToFileURL(out).href);
}
