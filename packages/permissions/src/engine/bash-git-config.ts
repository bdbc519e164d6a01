// Hostile repository git config: a downloaded archive or shared folder can set `diff.external`,
// textconv drivers, `core.pager`, `core.fsmonitor` or `filter.*` in its own .git/config, and
// `git diff`/`log -p`/`status` then run those programs. Before a git command is allowed, the
// caller's lookup (context.gitConfigHazard) is asked about the repository it runs in; the user's
// global config is not the repository's to set, so a personal diff tool keeps working.
import type { SimpleCommand } from "../shell/analyse.js";
import { staticValue } from "../shell/wrappers.js";
import type { ShellDirs } from "./bash-paths.js";
import { type Env, pathViews } from "./env.js";

export function gitConfigConcern(c: SimpleCommand, dirs: ShellDirs, env: Env): string | null {
  const look = env.ctx.gitConfigHazard;
  if (!look || !c.git) return null;
  const vals = c.unwrapped.inner.words.map(staticValue);
  if (vals.some((v) => v !== null && /^--(git-dir|work-tree)(=|$)/.test(v)))
    return "git is pointed at another repository (--git-dir/--work-tree) whose config cannot be checked";
  if (dirs.unknown)
    return "the shell's directory is not known here, so its repository's git config cannot be checked";
  let bases = dirs.dirs;
  for (const d of c.git.dirs) {
    const r = pathViews(env, d, bases);
    if (!r.ok) return `git -C ${d}: ${r.detail}`;
    bases = r.views.map((v) => v.real);
  }
  for (const dir of new Set(bases)) {
    try {
      const key = look(dir);
      if (key) return `the repository's own git config sets ${key}, which makes git run a program`;
    } catch (err) {
      return `the repository's git config could not be checked (${err instanceof Error ? err.message : String(err)})`;
    }
  }
  return null;
}
