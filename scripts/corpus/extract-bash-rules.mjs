#!/usr/bin/env node
// Extracts every Bash rule from the real team configurations in ../shared/corpora/real-configs
// (or the folder given) into packages/permissions/src/corpus/real-bash-rules.json, each with one
// command the rule is meant to allow (allow list) or refuse (deny/ask lists): the rule text with
// its wildcards filled in (`:*` and ` *` become one argument, other `*` the letter x). Committed
// so the prompt-rate test runs on a clean clone; rerun after the corpus changes.
//   node scripts/corpus/extract-bash-rules.mjs [corpus-dir]
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const corpus = process.argv[2] ?? join(root, "../shared/corpora/real-configs");
const out = join(root, "packages/permissions/src/corpus/real-bash-rules.json");

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".json") ? [p] : [];
  });
}

/** One command the rule is written for, or null for rules that name no command (`Bash(*)`). */
export function commandFor(rule) {
  const m = /^\s*Bash\s*\((.*)\)\s*$/s.exec(rule);
  if (!m) return null;
  let spec = m[1].trim();
  if (spec === "" || /^[*\s:]*$/.test(spec)) return null;
  if (spec.endsWith(":*")) spec = `${spec.slice(0, -2).trimEnd()} *`;
  return spec.replace(/ \*$/, " x").replace(/\*/g, "x");
}

const seen = new Set();
const entries = [];
for (const file of files(corpus).sort()) {
  let json;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    continue; // the corpus keeps some malformed files on purpose
  }
  const permissions = json?.permissions ?? {};
  for (const list of ["allow", "deny", "ask"]) {
    for (const rule of Array.isArray(permissions[list]) ? permissions[list] : []) {
      if (typeof rule !== "string" || !/^\s*Bash\b/.test(rule)) continue;
      const command = commandFor(rule);
      const key = `${list}\u0000${rule}`;
      if (command === null || seen.has(key)) continue;
      seen.add(key);
      entries.push({ list, rule, command, source: relative(corpus, file) });
    }
  }
}
writeFileSync(out, `${JSON.stringify(entries, null, 1)}\n`);
const count = (l) => entries.filter((e) => e.list === l).length;
process.stdout.write(
  `${entries.length} Bash rules (${count("allow")} allow, ${count("deny")} deny, ${count("ask")} ask) → ${relative(root, out)}\n`,
);
