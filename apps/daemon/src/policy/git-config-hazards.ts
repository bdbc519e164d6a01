// Reads a repository's own git config (local, worktree, and every file they include) for keys that
// make read-only git forms run a program. The permission engine is pure; the daemon passes this in
// as context.gitConfigHazard. Results are cached per repository and recomputed when any file read
// (or a file that was missing, such as config.worktree) changes.
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";

/** Keys a hostile repository could set to run a program from `git diff`, `log -p`, `show`,
 * `status`, `grep` or `blame`. Hooks, editors and network helpers only run for other forms. */
const HAZARD =
  /^(core\.pager|pager\..+|diff\.external|diff\..+\.(textconv|command)|filter\..+\.(clean|smudge|process)|core\.fsmonitor|gpg\.program|gpg\..+\.program|core\.alternaterefscommand|interactive\.difffilter|alias\..+)$/;
const MAX_INCLUDES = 10;

interface Entry {
  key: string;
  value: string | null;
}

interface Cached {
  stamps: Map<string, string>;
  hazard: string | null;
}

function stamp(path: string): string {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch {
    return "missing";
  }
}

/** The git directory and common directory of the repository containing `dir`, or null. */
export function findRepository(dir: string): { gitDir: string; commonDir: string } | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const dotGit = join(d, ".git");
    let gitDir: string | null = null;
    try {
      const s = statSync(dotGit);
      if (s.isDirectory()) gitDir = dotGit;
      else if (s.isFile()) {
        const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, "utf8"));
        if (m?.[1]) gitDir = resolve(d, m[1]);
      }
    } catch {
      // no .git here
    }
    if (gitDir) {
      let commonDir = gitDir;
      try {
        commonDir = resolve(gitDir, readFileSync(join(gitDir, "commondir"), "utf8").trim());
      } catch {
        // not a linked worktree
      }
      return { gitDir, commonDir };
    }
    if (dirname(d) === d) return null;
  }
}

/** `[section "sub"]` / `[section.sub]` headers and `key = value` lines; lower-cases section and
 * key names as git does. Continuation lines and quoting are handled enough to find key names. */
export function parseGitConfig(text: string): Entry[] {
  const out: Entry[] = [];
  let section = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\](.*)$/.exec(line);
    if (header) {
      const [name, ...rest] = (header[1] ?? "").split(".");
      section = [name?.toLowerCase(), ...(header[2] !== undefined ? [header[2]] : rest)].join(".");
      const tail = (header[3] ?? "").trim();
      if (tail === "" || tail.startsWith("#") || tail.startsWith(";")) continue;
      out.push(...parseGitConfig(`[${section}]\n${tail}`));
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!kv) {
      out.push({ key: `${section}.<unparsable>`, value: line });
      continue;
    }
    const value = kv[2] === undefined ? null : kv[2].replace(/^"(.*)"$/, "$1");
    out.push({ key: `${section}.${(kv[1] ?? "").toLowerCase()}`, value });
  }
  return out;
}

function isHazard(e: Entry): boolean {
  if (e.key.endsWith(".<unparsable>")) return true;
  if (!HAZARD.test(e.key)) return false;
  // `core.fsmonitor = true/false` selects git's own daemon; a path or command runs a program.
  if (e.key === "core.fsmonitor") return !/^(true|false|yes|no|on|off|1|0)?$/i.test(e.value ?? "");
  if (e.key.startsWith("alias."))
    return (
      (e.value ?? "").trimStart().startsWith("!") || /(^|\s)(-c|--config-env|--exec-path)/.test(e.value ?? "")
    );
  return true;
}

export class GitConfigHazards {
  private readonly cache = new Map<string, Cached>();

  /** The first program-running key in the local config of the repository containing `dir`. */
  lookup(dir: string): string | null {
    const repo = findRepository(dir);
    if (!repo) return null;
    const hit = this.cache.get(repo.gitDir);
    if (hit && [...hit.stamps].every(([p, s]) => stamp(p) === s)) return hit.hazard;
    const stamps = new Map<string, string>();
    const hazard = this.scan([join(repo.commonDir, "config"), join(repo.gitDir, "config.worktree")], stamps);
    this.cache.set(repo.gitDir, { stamps, hazard });
    return hazard;
  }

  private scan(files: string[], stamps: Map<string, string>, depth = 0): string | null {
    for (const file of files) {
      if (stamps.has(file)) continue;
      stamps.set(file, stamp(file));
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (err) {
        // git ignores a missing file; its stamp makes the cache notice when it appears.
        if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
        return `an include of ${file} that cannot be read`;
      }
      for (const e of parseGitConfig(text)) {
        if (isHazard(e)) return e.key;
        // Every include is followed whatever its condition: the condition is the repository's too.
        if (/^include(if\..+)?\.path$/.test(e.key) && e.value) {
          if (depth >= MAX_INCLUDES) return `${e.key} (includes nested too deep)`;
          const v = e.value.startsWith("~/") ? join(homedir(), e.value.slice(2)) : e.value;
          const found = this.scan([isAbsolute(v) ? v : resolve(dirname(file), v)], stamps, depth + 1);
          if (found) return found;
        }
      }
    }
    return null;
  }
}
