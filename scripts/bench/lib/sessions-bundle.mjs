// Bundles lib/sessions-driver.mjs (it imports the TypeScript workspace packages) and imports
// it. better-sqlite3 is native: it stays external and is loaded from the store's own
// node_modules by absolute path, so the bundle can live in a temp folder.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "./common.mjs";

/** `entry`: another driver that imports workspace packages (the soak scripts bring their own). */
export async function loadSessionsDriver(entry = join(ROOT, "scripts/bench/lib/sessions-driver.mjs")) {
  const out = mkdtempSync(join(tmpdir(), "berth-bench-sessions-"));
  const file = join(out, "driver.mjs");
  const sqlite = createRequire(join(ROOT, "packages/store/package.json")).resolve("better-sqlite3");
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    mainFields: ["module", "main"],
    nodePaths: [
      join(ROOT, "apps/cli/node_modules"),
      join(ROOT, "packages/testkit/node_modules"),
      join(ROOT, "packages/store/node_modules"),
      join(ROOT, "packages/client/node_modules"),
    ],
    banner: {
      js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
    },
    plugins: [
      {
        name: "native-sqlite",
        setup(b) {
          b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqlite, external: true }));
        },
      },
    ],
    external: ["bufferutil", "utf-8-validate"],
    logLevel: "warning",
  });
  const driver = await import(pathToFileURL(file).href);
  return { driver, dispose: () => rmSync(out, { recursive: true, force: true }) };
}
