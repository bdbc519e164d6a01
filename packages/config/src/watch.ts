// Hot reload: the one place with effects. chokidar watches each settings file's directory
// (depth 0) so created, changed and deleted files are all noticed; when a directory does not
// exist yet (a fresh project without .claude/), its nearest existing ancestor is watched and the
// watch is re-armed when the directory appears. Events are debounced, then the pure loader runs
// again with the previous result's last good versions, so an invalid file keeps its last good
// content while the new result carries the diagnostics for attached clients.
import { existsSync, statSync } from "node:fs";
import { dirname, sep } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import { loadSettings, readFileIfExists } from "./load.js";
import { settingsFilePaths } from "./paths.js";
import type { LoadOptions, SettingsResult } from "./types.js";

const SETTLE_MS = 300;

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
  /** Resolves once the OS watches are in place; changes before that may be missed. */
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
  const watched = new Set<string>();
  const relevant = (path: string) => files.some((f) => f === path || f.startsWith(path + sep));
  const newTargets = () => {
    const targets = [...new Set(files.map(nearestExistingDir))].filter((d) => !watched.has(d));
    for (const d of targets) watched.add(d);
    return targets;
  };

  const watcher: FSWatcher = watch(newTargets(), {
    // The watched folders hold other busy files (the Berth home holds the SQLite database and
    // its WAL, written on every event): skip them before chokidar stats anything.
    ignored: (path: string) => !relevant(path),
    ignoreInitial: true,
    depth: 0,
    usePolling: options.usePolling ?? false,
    interval: 100,
  });
  // A directory that appeared (e.g. .claude/ created) is watched from now on. chokidar sets the
  // new watch up asynchronously, so check again once it has settled: a change made in between
  // (the file written right after its directory) would otherwise be missed.
  let settle: NodeJS.Timeout | undefined;
  const arm = () => {
    const targets = newTargets();
    if (targets.length === 0) return;
    watcher.add(targets);
    clearTimeout(settle);
    settle = setTimeout(() => {
      if (!closed) reload();
    }, SETTLE_MS);
  };

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

  watcher.on("all", (_event, path) => {
    if (closed || !relevant(path)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!closed) reload();
    }, options.debounceMs ?? 100);
  });
  watcher.on("error", onError);
  const ready = new Promise<void>((resolve) => watcher.once("ready", () => resolve()));

  return {
    current: () => current,
    ready,
    reload,
    async close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(settle);
      await watcher.close();
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
