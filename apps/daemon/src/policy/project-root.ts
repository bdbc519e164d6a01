import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

/**
 * The folder a session's project settings and trust belong to: the git repository root
 * (the main checkout for a worktree), else the folder itself.
 */
export function projectRootOf(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const git = join(dir, ".git");
    if (existsSync(git)) return statSync(git).isFile() ? (mainCheckoutOf(git) ?? dir) : dir;
    if (dirname(dir) === dir) return cwd;
  }
}

/** A worktree's `.git` file says `gitdir: <main>/.git/worktrees/<name>`. */
function mainCheckoutOf(gitFile: string): string | undefined {
  try {
    const match = /^gitdir:\s*(.+)$/m.exec(readFileSync(gitFile, "utf8"));
    if (!match?.[1]) return undefined;
    const gitdir = isAbsolute(match[1].trim()) ? match[1].trim() : resolve(dirname(gitFile), match[1].trim());
    const marker = `${join(".git", "worktrees")}`;
    const at = gitdir.lastIndexOf(marker);
    return at > 0 ? gitdir.slice(0, at - 1) : undefined;
  } catch {
    return undefined;
  }
}
