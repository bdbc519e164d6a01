#!/usr/bin/env node
// Install from the packed artefact into a clean prefix, as `npm install -g berth-<v>.tgz` does on
// a team member's machine (native modules compile from source: there is no prebuilt download
// here). Baseline in the same run: installing only the four native/wasm modules Berth depends on
// into another clean prefix, so the ratio says what Berth itself adds to an install.
// Slow (minutes): set BENCH_SKIP_INSTALL=1 to leave it out of `pnpm bench`.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { report, requireBuilt, round } from "./lib/common.mjs";

if (process.env.BENCH_SKIP_INSTALL) {
  process.stdout.write(`${JSON.stringify({ skipped: "BENCH_SKIP_INSTALL" })}\n`);
  process.exit(0);
}
requireBuilt();
const root = join(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "berth-bench-install-"));
try {
  const tarball = execFileSync(
    process.execPath,
    [join(root, "scripts/release/pack.mjs"), "--no-build", "--out", work],
    {
      encoding: "utf8",
    },
  )
    .trim()
    .split("\n")
    .at(-1);
  const deps = JSON.parse(readFileSync(join(root, "apps/daemon/package.json"), "utf8")).dependencies;
  const natives = ["better-sqlite3", "node-pty", "web-tree-sitter", "tree-sitter-bash"].map(
    (n) => `${n}@${deps[n]}`,
  );

  const install = (prefix, what) => {
    const t0 = performance.now();
    const r = spawnSync("npm", ["install", "-g", "--prefix", prefix, "--no-fund", "--no-audit", ...what], {
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`npm install failed: ${r.stderr.slice(-2000)}`);
    return performance.now() - t0;
  };
  const baselineMs = install(join(work, "baseline"), natives);
  const berthMs = install(join(work, "berth"), [tarball]);
  const version = execFileSync(join(work, "berth/bin/berth"), ["--version"], { encoding: "utf8" }).trim();
  process.stdout.write(`installed: ${version}\n`);
  report({
    "install from tarball, clean prefix (s)": round(berthMs / 1000, 1),
    "baseline: the native modules alone (s)": round(baselineMs / 1000, 1),
    ratio: round(berthMs / baselineMs, 2),
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
