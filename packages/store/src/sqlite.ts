// Opening a SQLite connection with better-sqlite3's compiled addon loaded by its path.
// Left to itself, better-sqlite3 finds the addon through the `bindings` package, which probes
// a dozen candidate paths through require(); with its own thirteen CommonJS files, that path
// work was enough to make V8 optimise node's path functions during the daemon's start, which
// keeps the optimising compiler's pages resident in an idle daemon (~4 MiB).
// The bundles carry better-sqlite3's JavaScript (scripts/build.mjs); the addon stays where
// node-gyp built it, inside the installed package.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { StoreError } from "./errors.js";

let addon: object | undefined;

/** better-sqlite3's native addon, loaded once from the installed package's build folder. */
export function sqliteAddon(): object {
  if (addon) return addon;
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve("better-sqlite3/package.json"));
  } catch {
    throw new StoreError(
      "STORE_UNAVAILABLE",
      "better-sqlite3 is not installed beside Berth. Reinstall Berth (npm install -g, or pnpm install in a checkout).",
    );
  }
  for (const build of ["Release", "Debug"]) {
    const file = join(packageDir, "build", build, "better_sqlite3.node");
    if (existsSync(file)) {
      addon = require(file) as object;
      return addon;
    }
  }
  throw new StoreError(
    "STORE_UNAVAILABLE",
    `better-sqlite3's native addon is not built (no build/Release/better_sqlite3.node in ${packageDir}). ` +
      "Rebuild it: `npm rebuild better-sqlite3` (or `pnpm rebuild better-sqlite3` in a checkout); it needs a C++ compiler and Python.",
  );
}

/** A better-sqlite3 connection that uses the addon found by `sqliteAddon`. */
export function openSqlite(path: string, options: Database.Options = {}): Database.Database {
  // @types/better-sqlite3 only knows the path form; better-sqlite3 also takes the loaded addon.
  const nativeBinding = sqliteAddon() as unknown as string;
  return new Database(path, { ...options, nativeBinding });
}
