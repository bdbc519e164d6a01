// A session's memory files: loaded at start, followed into subfolders the agent reads or edits,
// reloaded when one changes, and handed to the system prompt. Problems (cycles, missing imports,
// imports refused outside the working directories) are told to the attached clients.
import type { MemoryFile as PromptMemoryFile } from "@berth/agent";
import {
  type MemoryFile,
  MemoryLoader,
  type MemoryLoadOptions,
  type MemoryWatcher,
  watchMemory,
} from "@berth/context";
import { statSync } from "node:fs";
import type { SessionEvent } from "@berth/protocol";

/** Tool input fields that name the file a call reads or edits. */
const PATH_FIELDS = ["file_path", "notebook_path", "path"] as const;

export class SessionMemory {
  #loader: MemoryLoader;
  #watcher: MemoryWatcher | undefined;
  readonly #options: MemoryLoadOptions;
  readonly #emit: (event: SessionEvent) => void;
  /** Paths the agent touched, so a reload finds the same subfolder files again. */
  readonly #touched = new Set<string>();

  constructor(options: MemoryLoadOptions, emit: (event: SessionEvent) => void) {
    this.#options = options;
    this.#emit = emit;
    this.#loader = this.#load();
  }

  get files(): readonly MemoryFile[] {
    return this.#loader.set.files;
  }

  get problems() {
    return this.#loader.set.problems;
  }

  get pendingImports(): readonly string[] {
    return this.#loader.set.pendingImports;
  }

  /** Starts watching for changes and reports what the start-up load had to say. */
  start(): void {
    this.#report(this.#loader.set.problems.map((p) => p.message));
    this.#watcher = watchMemory(this.#watchList(), () => this.reload());
  }

  /** For the system prompt, broadest first (later files take precedence). */
  forPrompt(): PromptMemoryFile[] {
    // The watcher can miss a change made before its OS watches were in place; a few stats per
    // request make sure the model never works from a stale file.
    if (this.#fingerprint() !== this.#loadedFingerprint) this.reload();
    return this.files.map((file) => ({ path: file.path, content: file.content, scope: file.origin }));
  }

  /** After a tool call: memory in the folders leading to the file it used. */
  noteToolUse(input: unknown): void {
    if (typeof input !== "object" || input === null) return;
    for (const field of PATH_FIELDS) {
      const value = (input as Record<string, unknown>)[field];
      if (typeof value !== "string" || !value.startsWith("/")) continue;
      const added = this.#loader.loadForPath(value);
      this.#touched.add(value);
      if (added.length > 0) {
        this.#emit({
          type: "notice",
          level: "info",
          message: `Loaded memory: ${added.map((f) => f.path).join(", ")}`,
        });
        this.#watcher?.add(added.map((f) => f.path));
        this.#loadedFingerprint = this.#fingerprint();
      }
    }
  }

  reload(): void {
    this.#load();
    this.#watcher?.add(this.#watchList());
    this.#emit({
      type: "notice",
      level: "info",
      message: "Memory files changed; reloaded for the next request.",
    });
    this.#report(this.#loader.set.problems.map((p) => p.message));
  }

  async dispose(): Promise<void> {
    await this.#watcher?.close();
  }

  #loadedFingerprint = "";

  #load(): MemoryLoader {
    const loader = new MemoryLoader(this.#options);
    loader.loadStartup();
    for (const path of this.#touched) loader.loadForPath(path);
    this.#loader = loader;
    this.#loadedFingerprint = this.#fingerprint();
    return loader;
  }

  /** Size and modification time of every file looked at (absent ones included). */
  #fingerprint(): string {
    return this.#watchList()
      .map((path) => {
        try {
          // Most candidates do not exist: no exception (and its stack trace) for each of them.
          const stat = statSync(path, { throwIfNoEntry: false });
          return stat ? `${stat.size}:${stat.mtimeMs}` : "-";
        } catch {
          return "-";
        }
      })
      .join("|");
  }

  #watchList(): string[] {
    return [...this.#loader.set.candidates, ...this.#loader.set.files.map((f) => f.path)];
  }

  #report(messages: string[]): void {
    for (const message of messages)
      this.#emit({ type: "notice", level: "warning", message: `Memory: ${message}` });
  }
}
