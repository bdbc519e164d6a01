// The daemon's real I/O for the permission checks (repository git config lookup, link counts),
// bundled from apps/daemon/src/policy for the permissions benchmark.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");

export async function loadCallerIo() {
  const out = join(root, "packages/permissions/node_modules/.cache", "berth-caller-io.mjs");
  mkdirSync(dirname(out), { recursive: true });
  await build({
    stdin: {
      contents:
        'export { GitConfigHazards } from "./apps/daemon/src/policy/git-config-hazards.ts";\n' +
        'export { linkCount } from "./apps/daemon/src/policy/link-count.ts";\n',
      resolveDir: root,
      loader: "ts",
    },
    outfile: out,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    logLevel: "warning",
  });
  return import(pathToFileURL(out).href);
}
