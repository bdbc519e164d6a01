// Hard links: a project file that is a second name of `~/.ssh/authorized_keys` is inside the
// working directories by every path check, yet writing it changes that file. The caller counts
// links (context.linkCount, file I/O); a write to a file with more than one asks, like a
// protected path.
import type { Env, PathView } from "./env.js";

export function hardLinkReason(env: Env, views: readonly PathView[]): string | null {
  const count = env.ctx.linkCount;
  if (!count) return null;
  for (const v of views) {
    if (v.unresolved) continue;
    try {
      const n = count(v.real);
      if (n > 1)
        return `${v.real} has ${n} hard links, so writing it also changes a file under another name, possibly outside the working directories`;
    } catch (err) {
      return `the number of links of ${v.real} could not be read (${err instanceof Error ? err.message : String(err)})`;
    }
  }
  return null;
}
