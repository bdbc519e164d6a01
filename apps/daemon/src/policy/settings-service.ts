import { homedir } from "node:os";
import { dirname } from "node:path";
import {
  type CliSettingsInput,
  type LastGoodStore,
  type LoadOptions,
  loadSettings,
  managedSettingsPath,
  type SettingsResult,
  type SettingsWatcher,
  watchSettings,
} from "@berth/config";
import type { Logger } from "../lifecycle/logger";

export interface SettingsRequest {
  cwd: string;
  projectRoot: string;
  trusted: boolean;
  cli?: CliSettingsInput;
}

/**
 * How long a project's watcher outlives its last session. Back-to-back `berth -p` runs in one
 * project would otherwise set up and tear down the same watches every run (~1 ms of the
 * daemon's work on each run's path to its first model request, issue #13).
 */
export const WATCHER_LINGER_MS = 30_000;

interface ProjectWatcher {
  watcher: SettingsWatcher;
  listeners: Set<() => void>;
  /** Set while the watcher has no listeners and waits out WATCHER_LINGER_MS. */
  linger?: NodeJS.Timeout;
}

/**
 * Loads the layered settings for a folder and keeps each file's last good version, so an
 * invalid edit never drops the rules that were in force. One watcher per project serves
 * every live session in it.
 */
export class SettingsService {
  private readonly lastGood = new Map<string, LastGoodStore>();
  private readonly watchers = new Map<string, ProjectWatcher>();

  constructor(
    private readonly options: {
      berthHome: string;
      homeDir?: string;
      managedPaths?: string[];
      env?: Readonly<Record<string, string | undefined>>;
      logger: Logger;
      /** Defaults to WATCHER_LINGER_MS. */
      watcherLingerMs?: number;
    },
  ) {}

  load(request: SettingsRequest): SettingsResult {
    const key = `${request.projectRoot}\0${request.cwd}`;
    const previous = this.lastGood.get(key);
    const result = loadSettings({
      ...this.loadOptions(request),
      ...(request.cli ? { cli: request.cli } : {}),
      ...(previous ? { lastGood: previous } : {}),
    });
    this.lastGood.set(key, result.lastGood);
    return result;
  }

  /** The loader options every load and watch of a folder shares. */
  private loadOptions(request: SettingsRequest): LoadOptions {
    return {
      cwd: request.cwd,
      projectRoot: request.projectRoot,
      berthHome: this.options.berthHome,
      homeDir: this.options.homeDir ?? homedir(),
      projectTrusted: request.trusted,
      ...(this.options.managedPaths ? { managedPaths: this.options.managedPaths } : {}),
      ...(this.options.env ? { env: this.options.env } : {}),
    };
  }

  /** Where memory files live beside the settings: the Berth home and the managed policy folder. */
  memoryLocations(): { berthHome: string; managedDir: string } {
    const managed = this.options.managedPaths?.[0] ?? managedSettingsPath(process.platform);
    return { berthHome: this.options.berthHome, managedDir: dirname(managed) };
  }

  /** Calls `onChange` when any settings file of the project changes; returns an unsubscribe. */
  subscribe(request: SettingsRequest, onChange: () => void): () => void {
    const key = request.projectRoot;
    let entry = this.watchers.get(key);
    if (!entry) {
      const listeners = new Set<() => void>();
      const watcher = watchSettings(this.loadOptions(request), () => {
        for (const listener of listeners) listener();
      });
      entry = { watcher, listeners };
      this.watchers.set(key, entry);
    }
    clearTimeout(entry.linger);
    entry.linger = undefined;
    entry.listeners.add(onChange);
    const current = entry;
    return () => {
      current.listeners.delete(onChange);
      if (current.listeners.size > 0 || current.linger) return;
      current.linger = setTimeout(() => {
        if (this.watchers.get(key) !== current) return;
        this.watchers.delete(key);
        void current.watcher.close();
      }, this.options.watcherLingerMs ?? WATCHER_LINGER_MS);
      // A lingering watcher never keeps the daemon alive (idle exit still works).
      current.linger.unref();
    };
  }

  /** Projects with an open settings watcher, lingering ones included (for tests and status). */
  watchedProjects(): string[] {
    return [...this.watchers.keys()];
  }

  async close(): Promise<void> {
    for (const entry of this.watchers.values()) clearTimeout(entry.linger);
    await Promise.allSettled([...this.watchers.values()].map((w) => w.watcher.close()));
    this.watchers.clear();
  }
}
