// Hot reload: the one place with effects. Each settings file's directory is watched (fs.watch,
// not recursive) so created, changed and deleted files are all noticed; when a directory does
// not exist yet (a fresh project without .claude/), its nearest existing ancestor is watched and
// the watch is re-armed when the directory appears. Events are debounced, then the pure loader
// runs again with the previous result's last good versions, so an invalid file keeps its last
// good content while the new result carries the diagnostics for attached clients.
//
// Not chokidar: it lstat()s every entry of a watched directory after any change in it, and the
// Berth home (the user settings' directory) holds the SQLite WAL, written on every event of
// every session. Here an event costs one path comparison.
import { type FSWatcher, existsSync, statSync, unwatchFile, watch, watchFile } from "node:fs";
import { dirname, join, sep } from "node:path";
import { loadSettings, readFileIfExists } from "./load.js";
import { settingsFilePaths } from "./paths.js";
import type { LoadOptions, SettingsResult } from "./types.js";

const SETTLE_MS = 300;

export interface WatchOptions extends LoadOptions {
  /** Quiet period before reloading after the last change (default 100 ms). */
  debounceMs?: number;
  /** Poll each settings file instead of using OS events (network file systems). */
  usePolling?: boolean;
  /** Watcher errors and exceptions thrown by onChange land here (default: ignored). */
  onError?: (error: unknown) => void;
}

export interface SettingsWatcher {
  /** The latest result (the initial load until something changes). */
  current(): SettingsResult;
  /** Resolves once the watches are in place (they are when watchSettings returns). */
  ready: Promise<void>;
  /** Reload now (also used internally after a change). */
  reload(): SettingsResult;
  close(): Promise<void>;
}

export function watchSettings(
  options: WatchOptions,
  onChange: (result: SettingsResult) => void,
): SettingsWatcher {
  const files = settingsFilePaths(options).map((f) => f.path);
  const read = options.readFile ?? readFileIfExists;
  const onError = options.onError ?? (() => {});
  // Fingerprint before loading: a write racing the load then shows up as a difference next time.
  let fingerprint = fingerprintOf(files, read);
  let current = loadSettings(options);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const watchers = new Map<string, FSWatcher>();
  const relevant = (path: string) => files.some((f) => f === path || f.startsWith(path + sep));
  const changed = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!closed) reload();
    }, options.debounceMs ?? 100);
  };
  const watchDir = (dir: string) => {
    try {
      // Not persistent: a watch must never be what keeps the process alive.
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        // Some platforms do not say which entry changed: then any of them may have.
        if (name === null || relevant(join(dir, name.toString()))) changed();
      });
      watcher.on("error", (err) => {
        watcher.close();
        watchers.delete(dir);
        onError(err);
      });
      watchers.set(dir, watcher);
    } catch (err) {
      onError(err);
    }
  };
  // A directory that appeared (e.g. .claude/ created) is watched from now on; a change made
  // before its watch was in place (the file written right after its directory) is caught by
  // checking again once things have settled.
  let settle: NodeJS.Timeout | undefined;
  const arm = () => {
    if (options.usePolling) return;
    // A watched directory that was removed (rm -rf .claude) watches nothing any more: forget it,
    // so its nearest existing ancestor is watched instead and sees it come back.
    for (const [dir, watcher] of watchers) {
      if (isDirectory(dir)) continue;
      watcher.close();
      watchers.delete(dir);
    }
    const targets = [...new Set(files.map(nearestExistingDir))].filter((d) => !watchers.has(d));
    if (targets.length === 0) return;
    for (const dir of targets) watchDir(dir);
    clearTimeout(settle);
    settle = setTimeout(() => {
      if (!closed) reload();
    }, SETTLE_MS);
  };
  if (options.usePolling) {
    for (const file of files) watchFile(file, { interval: 100, persistent: false }, changed);
  } else {
    for (const dir of new Set(files.map(nearestExistingDir))) watchDir(dir);
  }

  const reload = (): SettingsResult => {
    arm();
    const print = fingerprintOf(files, read);
    const next = loadSettings({ ...options, lastGood: current.lastGood });
    current = next;
    if (print !== fingerprint) {
      fingerprint = print;
      try {
        onChange(next);
      } catch (err) {
        onError(err);
      }
    }
    return next;
  };

  return {
    current: () => current,
    ready: Promise.resolve(),
    reload,
    async close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(settle);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      if (options.usePolling) for (const file of files) unwatchFile(file, changed);
    },
  };
}

/** The file's directory, or its closest ancestor that exists (so its creation is seen). */
function nearestExistingDir(file: string): string {
  let dir = dirname(file);
  while (!isDirectory(dir)) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dir;
}

function isDirectory(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Contents of every settings file; an unchanged fingerprint means no event for clients. */
function fingerprintOf(files: string[], read: (p: string) => string | undefined): string {
  return JSON.stringify(
    files.map((f) => {
      try {
        return read(f) ?? null;
      } catch (err) {
        return `unreadable:${(err as NodeJS.ErrnoException).code ?? "?"}`;
      }
    }),
  );
}
