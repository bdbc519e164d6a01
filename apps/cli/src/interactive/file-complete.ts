// `@path` + Tab: file names under the working folder. Git's own listing respects .gitignore for
// free; outside a repository a bounded walk skips dot folders and node_modules.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const WALK_LIMIT = 5000;
const SHOWN = 20;

export function listFiles(cwd: string): string[] {
  const git = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd,
    encoding: "utf8",
    timeout: 2000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (git.status === 0) return git.stdout.split("\n").filter(Boolean);
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= WALK_LIMIT) return;
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else out.push(relative(cwd, path));
    }
  };
  walk(cwd);
  return out.sort();
}

/**
 * Completes the `@` word at the end of `text`: one level of folders at a time, like a shell.
 * Returns the new text and, when still ambiguous, the candidates to show.
 */
export function completeAt(text: string, files: readonly string[]): { text: string; candidates: string[] } {
  const at = /(^|\s)@(\S*)$/.exec(text);
  if (!at) return { text, candidates: [] };
  const prefix = at[2] ?? "";
  const next = new Set<string>();
  for (const f of files) {
    if (!f.startsWith(prefix)) continue;
    const slash = f.indexOf("/", prefix.length);
    next.add(slash === -1 ? f : f.slice(0, slash + 1));
  }
  const options = [...next].sort();
  const head = text.slice(0, text.length - prefix.length);
  if (options.length === 0) return { text, candidates: [] };
  if (options.length === 1) {
    const only = options[0] as string;
    // A whole file name ends the word; a folder waits for the next Tab.
    return { text: `${head}${only}${only.endsWith("/") ? "" : " "}`, candidates: [] };
  }
  let common = options[0] as string;
  for (const o of options) while (!o.startsWith(common)) common = common.slice(0, -1);
  const shown = options.slice(0, SHOWN);
  if (options.length > SHOWN) shown.push(`… ${options.length - SHOWN} more`);
  return { text: `${head}${common.length > prefix.length ? common : prefix}`, candidates: shown };
}
