// Protected paths (reference §2.6): writes here are never auto-approved outside
// bypassPermissions, and allow rules do not pre-approve them. Critical paths: `rm`/`rmdir` of
// these always asks (denied in dontAsk), whatever the rules or mode.
import { selfAndAncestors } from "./contain.js";

const PROTECTED_DIRS = new Set([
  ".git",
  ".vscode",
  ".idea",
  ".husky",
  ".cargo",
  ".devcontainer",
  ".yarn",
  ".mvn",
  ".claude",
  // Not in the documented list, but the same kind of thing: credentials and Berth's own config.
  ".ssh",
  ".gnupg",
  ".aws",
  ".kube",
  ".docker",
  ".berth",
]);
const PROTECTED_CONFIG_DIRS = new Set(["git", "fish", "systemd", "autostart", "nvim"]);
const PROTECTED_FILES = new Set([
  ".bashrc",
  ".bash_profile",
  ".bash_login",
  ".bash_logout",
  ".bash_aliases",
  ".profile",
  ".zshrc",
  ".zshenv",
  ".zprofile",
  ".zlogin",
  ".zlogout",
  ".cshrc",
  ".tcshrc",
  ".kshrc",
  ".mkshrc",
  ".inputrc",
  ".gitconfig",
  ".gitmodules",
  ".npmrc",
  ".yarnrc",
  ".yarnrc.yml",
  ".mcp.json",
  ".claude.json",
  ".envrc",
  ".pre-commit-config.yaml",
  ".netrc",
  ".pypirc",
  ".git-credentials",
  ".vimrc",
  ".exrc",
  ".gvimrc",
  ".tmux.conf",
  ".curlrc",
  ".wgetrc",
  ".gemrc",
]);

/** Why `path` (absolute, normalised) is protected, or null. */
export function protectedReason(path: string, caseInsensitive: boolean): string | null {
  const segs = (caseInsensitive ? path.toLowerCase() : path).split("/").filter((s) => s !== "");
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i] ?? "";
    if (s === ".claude" && segs[i + 1] === "worktrees" && i + 2 < segs.length) return null;
    if (PROTECTED_DIRS.has(s)) return `${s} is a protected directory`;
    if (s === ".config" && PROTECTED_CONFIG_DIRS.has(segs[i + 1] ?? ""))
      return `.config/${segs[i + 1]} is protected`;
  }
  const last = segs[segs.length - 1] ?? "";
  if (PROTECTED_FILES.has(last)) return `${last} is a protected file`;
  if (/^\/etc\/claude-code(\/|$)/.test(path)) return "managed policy is protected";
  return null;
}

export interface CriticalEnv {
  home: string;
  cwd: string;
  workingDirectories: readonly string[];
}

/** Root, top-level directories, home and its ancestors, cwd/working dirs and their ancestors. */
export function isCriticalPath(path: string, env: CriticalEnv): boolean {
  if (path === "/" || /^\/[^/]+$/.test(path)) return true;
  const critical = new Set<string>();
  for (const base of [env.home, env.cwd, ...env.workingDirectories])
    for (const a of selfAndAncestors(base)) critical.add(a);
  return critical.has(path);
}
