#!/usr/bin/env node
// Differential oracle for the Bash analyser of @berth/permissions: runs a seeded corpus of shell
// commands under real bash (PATH = logging shims only) and checks that every program bash ran was
// listed by the analyser, or that the engine refused to allow the command.
//   node scripts/shell-oracle.mjs [--seed N] [--count N] [--tame N] [--soup N] [--workers N]
// The TypeScript sources are bundled with esbuild into packages/permissions/node_modules/.cache
// so web-tree-sitter and the grammar resolve from the package. Same check as the vitest test
// packages/permissions/src/oracle/oracle.test.ts.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "packages/permissions/node_modules/.cache/berth-shell-oracle.mjs");
mkdirSync(dirname(out), { recursive: true });
await build({
  entryPoints: [join(root, "packages/permissions/src/oracle/cli.ts")],
  outfile: out,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  external: ["web-tree-sitter"],
  logLevel: "warning",
});
const { main } = await import(pathToFileURL(out).href);
process.exitCode = await main(process.argv.slice(2));
