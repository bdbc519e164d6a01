// Bundles lib/sessions-driver.mjs (it imports the TypeScript workspace packages) and imports
// it. better-sqlite3 is native: it stays external and is loaded from the store's own
// node_modules by absolute path, so the bundle can live in a temp folder.
import { createRequire } from "node:module";
import { isAbsolute, join, relative } from "node:path";
import { loadDriver } from "./bundle-driver.mjs";
import { ROOT } from "./common.mjs";

/** `entry`: the driver module (absolute, or relative to the repository root). */
export async function loadSessionsDriver(entry = "scripts/bench/lib/sessions-driver.mjs") {
  const sqlite = createRequire(join(ROOT, "packages/store/package.json")).resolve("better-sqlite3");
  return loadDriver(isAbsolute(entry) ? relative(ROOT, entry) : entry, {
    nodePaths: ["packages/store/node_modules", "packages/client/node_modules"],
    plugins: [
      {
        name: "native-sqlite",
        setup(b) {
          b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqlite, external: true }));
        },
      },
    ],
  });
}
