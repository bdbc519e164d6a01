// Reload memory when one of its files changes: chokidar watches the folders of every candidate
// location (depth 0, so a CLAUDE.md created later is noticed too) and reports changes to the
// candidate paths only, debounced.
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { type FSWatcher, watch } from "chokidar";

const DEBOUNCE_MS = 150;

export interface MemoryWatcher {
  /** Adds paths (e.g. subfolder memory loaded later, imported files). */
  add(paths: readonly string[]): void;
  close(): Promise<void>;
}

export function watchMemory(paths: readonly string[], onChange: () => void): MemoryWatcher {
  const files = new Set<string>();
  const dirs = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch([], {
    ignoreInitial: true,
    depth: 0,
    ignored: (path: string) => !files.has(path) && !dirs.has(path),
  });
  const fire = (path: string) => {
    if (!files.has(path)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, DEBOUNCE_MS);
  };
  watcher.on("add", fire).on("change", fire).on("unlink", fire);
  watcher.on("error", () => {
    // A vanished folder is not worth failing a session for; the next load sees the truth.
  });
  const add = (more: readonly string[]) => {
    const newDirs: string[] = [];
    for (const path of more) {
      files.add(path);
      const dir = dirname(path);
      if (!dirs.has(dir) && existsSync(dir)) {
        dirs.add(dir);
        newDirs.push(dir);
      }
    }
    if (newDirs.length > 0) watcher.add(newDirs);
  };
  add(paths);
  return {
    add,
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
