// Bundles lib/sessions-driver.mjs (it imports the TypeScript workspace packages) and imports
// it. better-sqlite3 is native: it stays external and is loaded from the store's own
// node_modules by absolute path, so the bundle can live in a temp folder.
import { createRequire } from "node:module";
import { join } from "node:path";
import { bundleDriver } from "./bundle-driver.mjs";
import { ROOT } from "./common.mjs";

export async function loadSessionsDriver() {
  const sqlite = createRequire(join(ROOT, "packages/store/package.json")).resolve("better-sqlite3");
  return bundleDriver("scripts/bench/lib/sessions-driver.mjs", {
    nodePaths: [join(ROOT, "packages/store/node_modules"), join(ROOT, "packages/client/node_modules")],
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
