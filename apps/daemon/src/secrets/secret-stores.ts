// The paths no tool may reach: every Berth home this process serves (credentials.json,
// berth.db, logs, run/token, and the socket folder when it lives in the temp dir) and Claude
// Code's credential files. Handed to the pure permission guard as data.
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { ResolvePath } from "@berth/permissions";
import { resolveRealPath } from "@berth/permissions/node";
import { berthPaths } from "@berth/protocol";

const homes = new Set<string>();

/** Called when a daemon starts serving a home (tests run several in one process). */
export function protectBerthHome(home: string): void {
  homes.add(home);
}

/**
 * Computed afresh for every decision (a store's real path changes when a link on the way to it
 * does); `resolve` is that decision's resolver, which shares the lookups with the rest of it.
 */
export function secretStorePaths(userHome = homedir(), resolve: ResolvePath = resolveRealPath): string[] {
  const paths = [join(userHome, ".claude", ".credentials.json"), join(userHome, ".claude.json")];
  for (const home of homes) {
    paths.push(home);
    const socketDir = dirname(berthPaths(home).socket);
    if (!socketDir.startsWith(`${home}/`)) paths.push(socketDir);
  }
  // Both spellings: the path as configured and its real path (a symlinked home).
  return [...new Set(paths.flatMap((p) => [p, resolve(p)]))];
}
