import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "@berth/testkit";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
export const CLI_ENTRY = join(REPO_ROOT, "apps/cli/dist/berth.cjs");
const BUILT = [CLI_ENTRY, join(REPO_ROOT, "apps/daemon/dist/berth-daemon.js")];
// Test files run in parallel forks; one of them builds, the others wait for it.
const BUILD_LOCK = join(REPO_ROOT, "apps/cli/dist/.e2e-build.lock");

/**
 * The e2e tests exercise the built bundles, as a user runs them. `pnpm test` builds first, so
 * this is only a fallback for `vitest run apps/cli` on a fresh checkout.
 */
export async function ensureBuilt(): Promise<void> {
  if (BUILT.every((f) => existsSync(f))) return;
  mkdirSync(dirname(CLI_ENTRY), { recursive: true });
  let fd: number | undefined;
  try {
    fd = openSync(BUILD_LOCK, "wx");
  } catch {
    // Someone else is building: wait for the lock to go away (or go stale after a crash).
    await waitFor(() => !existsSync(BUILD_LOCK) || Date.now() - statSync(BUILD_LOCK).mtimeMs > 120_000, {
      timeoutMs: 120_000,
      intervalMs: 200,
      description: "another test file to finish building",
    });
    if (BUILT.every((f) => existsSync(f))) return;
  }
  try {
    const build = spawnSync(process.execPath, [join(REPO_ROOT, "scripts/build.mjs")], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    if (build.status !== 0) throw new Error(`node scripts/build.mjs failed:\n${build.stderr}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
    rmSync(BUILD_LOCK, { force: true });
  }
}
