// Reload memory when one of its files changes: the folders of every candidate location are
// watched (so a CLAUDE.md created later is noticed too) and changes to the candidate paths only
// are reported, debounced.
//
// Plain fs.watch on each folder, not chokidar: the candidates include every ancestor of the
// working directory (the home folder, /tmp, /), and chokidar lstat()s every entry of a watched
// folder when it starts and again after any change in it (throttled to once a second). In a busy
// home folder or /tmp that was thousands of lstat calls per session and per second on the
// daemon's event loop; here an event costs one name comparison. A missed event is harmless:
// the session re-checks the files' stamps before every request.
import { existsSync, type FSWatcher, watch } from "node:fs";
import { dirname, join } from "node:path";

const DEBOUNCE_MS = 150;

export interface MemoryWatcher {
  /** Adds paths (e.g. subfolder memory loaded later, imported files). */
  add(paths: readonly string[]): void;
  close(): Promise<void>;
}

export function watchMemory(paths: readonly string[], onChange: () => void): MemoryWatcher {
  const files = new Set<string>();
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const fire = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, DEBOUNCE_MS);
  };
  const watchDir = (dir: string) => {
    try {
      // Not persistent: a watch must never be what keeps the process alive.
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        // Some platforms do not say which entry changed: then any of them may have.
        if (name === null || files.has(join(dir, name.toString()))) fire();
      });
      watcher.on("error", () => {
        // A vanished folder is not worth failing a session for; the next load sees the truth.
        watcher.close();
      });
      watchers.set(dir, watcher);
    } catch {
      // Unwatchable (gone, no permission, out of watches): the per-request check covers it.
    }
  };
  const add = (more: readonly string[]) => {
    for (const path of more) {
      files.add(path);
      const dir = dirname(path);
      if (!closed && !watchers.has(dir) && existsSync(dir)) watchDir(dir);
    }
  };
  add(paths);
  return {
    add,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
