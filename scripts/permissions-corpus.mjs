#!/usr/bin/env node
// Prompt rate on real teams' allow rules and run rate on their deny/ask rules
// (packages/permissions/src/corpus/real-bash-rules.json, from scripts/corpus/extract-bash-rules.mjs).
//   node scripts/permissions-corpus.mjs [--examples N] [--json]
import { mkdirSync, mkdtempSync, readFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPermissionsModule } from "./lib/load-permissions-module.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const examples = Number(args[args.indexOf("--examples") + 1] || 0);
const { corpusRates, formatRates, createPermissionEngine, resolveRealPath } = await loadPermissionsModule(
  "corpus/cli-entry.ts",
  "berth-permissions-corpus",
);
const entries = JSON.parse(
  readFileSync(join(root, "packages/permissions/src/corpus/real-bash-rules.json"), "utf8"),
);
const tmp = realpathSync(mkdtempSync(join(tmpdir(), "berth-corpus-")));
const home = join(tmp, "home");
const project = join(home, "project");
mkdirSync(project, { recursive: true });
const engine = await createPermissionEngine();
const rates = corpusRates(engine, entries, {
  cwd: project,
  workingDirectories: [project],
  homeDir: home,
  resolvePath: resolveRealPath,
  platform: "linux",
});
const short = (s) => {
  const one = s.replace(/\s+/g, " ");
  return one.length > 70 ? `${one.slice(0, 69)}…` : one;
};
if (args.includes("--json")) process.stdout.write(`${JSON.stringify(rates)}\n`);
else {
  process.stdout.write(`${formatRates(rates)}\n`);
  for (const list of ["allow", "deny", "ask"])
    for (const e of rates[list].examples.slice(0, examples))
      process.stdout.write(`  ${list} ${e.why.padEnd(20)} ${short(e.rule)}  ←  ${short(e.command)}\n`);
}
