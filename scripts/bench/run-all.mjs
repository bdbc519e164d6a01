#!/usr/bin/env node
// Runs every scripts/bench/*.bench.mjs in turn (alphabetical; any benchmark added later is
// picked up by its name), shows their lines as they come, and ends with one JSON line that
// gathers each benchmark's own final JSON line. Exits non-zero if any benchmark failed.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.mjs"))
  .sort();

function run(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, file)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.once("close", (code) => {
      const last = out.trimEnd().split("\n").at(-1) ?? "";
      let result;
      try {
        result = JSON.parse(last);
      } catch {
        result = undefined;
      }
      resolve({ file, code, result });
    });
  });
}

const results = [];
const failed = [];
for (const file of files) {
  process.stdout.write(`\n# ${file}\n`);
  const { code, result } = await run(file);
  if (code !== 0 || result === undefined) failed.push(file);
  else results.push(result);
}
process.stdout.write(`\n${JSON.stringify({ bench: "all", results, failed })}\n`);
process.exit(failed.length > 0 ? 1 : 0);
