// Hot reload: the one place with effects. chokidar watches each settings file's directory
// (depth 0) so created, changed and deleted files are all noticed; when a directory does not
// exist yet (a fresh project without .claude/, no managed policy folder), its path is polled with
// one stat per interval, and the chokidar watch is armed when the directory appears (and again
// when it is removed and re-created). Watching its nearest existing ancestor instead made chokidar
// list that ancestor (a readdir and an lstat of every entry: all of /etc for the managed policy
// file) for every session, and again after any change in it.
// Events are debounced, then the pure loader runs again with the previous result's last good
// versions, so an invalid file keeps its last good content while the new result carries the
// diagnostics for attached clients.
//
// The Berth home is different: it holds the SQLite database and its WAL, written on every commit
// of every session, and chokidar re-reads a watched directory (readdir + lstat of every entry)
// after any change in it. Settings files there are polled by path instead: one stat per interval,
// whatever the WAL does.
import { existsSync, type StatsListener, statSync, unwatchFile, watchFile } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import { loadSettings, readFileIfExists } from "./load.js";
import { berthHomeOf, settingsFilePaths } from "./paths.js";
import type { LoadOptions, SettingsResult } from "./types.js";

const SETTLE_MS = 300;
/** How often a settings file in a busy directory is stat()ed. */
export const BUSY_DIR_POLL_MS = 300;
/** How often a settings folder that does not exist yet is stat()ed. */
export const MISSING_DIR_POLL_MS = 300;

export interface WatchOptions extends LoadOptions {
  /** Quiet period before reloading after the last change (default 100 ms). */
  debounceMs?: number;
  /** Poll instead of using OS events (network file systems). */
  usePolling?: boolean;
  /** Watcher errors and exceptions thrown by onChange land here (default: ignored). */
  onError?: (error: unknown) => void;
}

export interface SettingsWatcher {
  /** The latest result (the initial load until something changes). */
  current(): SettingsResult;
  /** Resolves once the watches are in place; changes before that may be missed. */
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
  // Directories Berth itself writes to all the time: their settings files are polled.
  const busyDirs = new Set([resolve(berthHomeOf(options))]);
  // Fingerprint before loading: a write racing the load then shows up as a difference next time.
  let fingerprint = fingerprintOf(files, read);
  let current = loadSettings(options);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const relevant = (path: string) => files.some((f) => f === path || f.startsWith(path + sep));
  const changed = (_event: string, path: string) => {
    if (closed || !relevant(path)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!closed) reload();
    }, options.debounceMs ?? 100);
  };
  const start = (usePolling: boolean) => {
    const w = watch([], {
      // The watched folders may hold other files: no events for them (chokidar still lists the
      // folder after any change in it, hence polling for busy folders).
      ignored: (path: string) => !relevant(path),
      ignoreInitial: true,
      depth: 0,
      usePolling,
      interval: usePolling && !options.usePolling ? BUSY_DIR_POLL_MS : 100,
    });
    w.on("all", changed);
    w.on("error", onError);
    return w;
  };
  // Native events for quiet folders (project .claude/, managed policy, --settings file), and
  // polling for files in busy folders (the user settings). Each is created on first use: a
  // chokidar watcher that was never given a path never becomes ready.
  let folders: FSWatcher | undefined;
  let polled: FSWatcher | undefined;
  const watchedFolders = new Set<string>();
  // Settings folders that do not exist (yet), each polled by path until it appears.
  const missingDirs = new Map<string, StatsListener>();
  const stopPolling = (dir: string) => {
    const listener = missingDirs.get(dir);
    if (listener) unwatchFile(dir, listener);
    missingDirs.delete(dir);
  };
  // Whether each polled file existed when it was given to chokidar. chokidar finds a missing one
  // through its folder (polling the folder's stat, listing it when entries come or go), can miss
  // a file created right after that, and keeps the folder watch once the file appears: so when it
  // exists, the polling watcher is replaced by one given the file itself.
  const polledFiles = new Map<string, boolean>();

  // A file in a busy directory is polled by path, once that directory exists (chokidar polling a
  // path under a missing directory never reports it); anything else is found through its folder,
  // or, while that folder is missing, through a stat poll of the folder's path.
  let settle: NodeJS.Timeout | undefined;
  const arm = () => {
    // A watched folder that was removed (rm -rf .claude) watches nothing any more: forget it, so
    // its path is polled instead and its coming back is seen.
    for (const dir of watchedFolders) {
      if (isDirectory(dir)) continue;
      folders?.unwatch(dir);
      watchedFolders.delete(dir);
    }
    const newFolders = new Set<string>();
    const newFiles: string[] = [];
    let newPolls = 0;
    for (const file of files) {
      const dir = dirname(file);
      const poll = !options.usePolling && busyDirs.has(dir) && isDirectory(dir);
      const existed = polledFiles.get(file);
      if (poll && (existed === undefined || (!existed && existsSync(file)))) newFiles.push(file);
      if (poll) continue;
      if (isDirectory(dir)) {
        stopPolling(dir);
        if (!watchedFolders.has(dir)) newFolders.add(dir);
      } else if (!missingDirs.has(dir)) {
        // A stat change (the folder appears) reloads, and the reload arms the folder's watch.
        const listener: StatsListener = (now, before) => {
          if (now.ino !== before.ino || now.mtimeMs !== before.mtimeMs) changed("addDir", dir);
        };
        missingDirs.set(dir, listener);
        newPolls++;
        watchFile(dir, { interval: MISSING_DIR_POLL_MS, persistent: false }, listener);
      }
    }
    for (const file of newFiles) polledFiles.set(file, existsSync(file));
    for (const dir of newFolders) watchedFolders.add(dir);
    if (newFiles.length > 0) {
      polled?.close().catch(onError);
      polled = start(true);
      polled.add([...polledFiles.keys()]);
    }
    if (newFolders.size > 0) {
      folders ??= start(options.usePolling ?? false);
      folders.add([...newFolders]);
    }
    // A folder created before its poll's first stat looks unchanged to it: the settle reload sees it.
    return newFiles.length + newFolders.size + newPolls > 0;
  };
  // chokidar sets a watch up asynchronously, and for a missing file even after "ready" (it then
  // watches the folder): check again once things have settled, so a change made in between (the
  // file written right after its directory, or right after start) is not missed.
  const armAndSettle = () => {
    if (!arm()) return;
    clearTimeout(settle);
    settle = setTimeout(() => {
      if (!closed) reload();
    }, SETTLE_MS);
  };
  armAndSettle();
  const ready = Promise.all(
    [folders, polled].map((w) => w && new Promise<void>((resolve) => w.once("ready", () => resolve()))),
  ).then(() => {});

  const reload = (): SettingsResult => {
    // A directory that appeared (e.g. .claude/ created) is watched from now on.
    armAndSettle();
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
    ready,
    reload,
    async close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(settle);
      for (const dir of [...missingDirs.keys()]) stopPolling(dir);
      await Promise.all([folders?.close(), polled?.close()]);
    },
  };
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
