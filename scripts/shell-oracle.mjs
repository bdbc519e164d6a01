#!/usr/bin/env node
// Differential oracle for the Bash analyser of @berth/permissions: runs a seeded corpus of shell
// commands under real bash (PATH = logging shims only) and checks that every program bash ran was
// listed by the analyser, or that the engine refused to allow the command.
//   node scripts/shell-oracle.mjs [--seed N] [--count N] [--tame N] [--soup N] [--options N] [--workers N]
// The TypeScript sources are bundled with esbuild into packages/permissions/node_modules/.cache
// so web-tree-sitter and the grammar resolve from the package. Same check as the vitest test
// packages/permissions/src/oracle/oracle.test.ts.
import { loadPermissionsModule } from "./lib/load-permissions-module.mjs";

const { main } = await loadPermissionsModule("oracle/cli.ts", "berth-shell-oracle");
process.exitCode = await main(process.argv.slice(2));
