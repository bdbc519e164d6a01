// Finds and reads the memory files of a session and follows their @imports.
//
// Security: a repository's own files are data the model may read anyway, but an import or a
// symlink is a way for a repository to make Berth read something *else* (`@~/.ssh/id_rsa`). So a
// project file, or anything it imports, whose real path leaves the working directories is never
// loaded in an untrusted folder, and in a trusted one only after the user approved that path.
// Files from managed policy and the user's own home are the user's (or the admin's) choice.
import { readFileSync, realpathSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, relative, sep } from "node:path";
import { findImports, resolveImport } from "./imports.js";
import type { MemoryFile, MemoryOrigin, MemoryProblem, MemorySet } from "./types.js";

/** Import hops followed from a file found by location. */
export const MAX_IMPORT_DEPTH = 5;
/** Larger files are skipped (and reported): memory is instructions, not data. */
export const MAX_MEMORY_FILE_BYTES = 512 * 1024;

export interface MemoryLoadOptions {
  cwd: string;
  projectRoot: string;
  /** cwd, --add-dir folders and additionalDirectories: where project memory may point. */
  workingDirectories: readonly string[];
  /** The user's memory lives at `<berthHome>/CLAUDE.md`. */
  berthHome: string;
  /** Folder holding the managed settings; its CLAUDE.md is the managed memory. */
  managedDir?: string;
  trusted: boolean;
  /** Paths (real) the user approved for imports from outside the working directories. */
  isImportApproved?: (realPath: string) => boolean;
  homeDir?: string;
}

function real(path: string): string | undefined {
  try {
    // The native realpath(3): one call, where the JavaScript one lstats every component (this
    // runs after every tool call that names a file).
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep));
}

/** Folders from the project root down to cwd (cwd outside the root: cwd alone). */
export function projectChain(projectRoot: string, cwd: string): string[] {
  if (!isInside(cwd, projectRoot)) return [cwd];
  const parts = relative(projectRoot, cwd).split(sep).filter(Boolean);
  const chain = [projectRoot];
  for (const part of parts) chain.push(join(chain.at(-1)!, part));
  return chain;
}

/** The memory files that live in one folder, in load order. */
export function folderCandidates(dir: string): Array<{ path: string; local: boolean }> {
  return [
    { path: join(dir, "CLAUDE.md"), local: false },
    { path: join(dir, ".claude", "CLAUDE.md"), local: false },
    { path: join(dir, "CLAUDE.local.md"), local: true },
  ];
}

export class MemoryLoader {
  readonly #options: MemoryLoadOptions;
  readonly #roots: string[];
  readonly #loaded = new Set<string>();
  /** Folders loadForPath has looked in already. */
  readonly #subfolders = new Set<string>();
  readonly #set: MemorySet = { files: [], problems: [], pendingImports: [], candidates: [] };

  constructor(options: MemoryLoadOptions) {
    this.#options = options;
    const roots = [options.projectRoot, ...options.workingDirectories];
    this.#roots = [...new Set(roots.map((r) => real(r) ?? r))];
  }

  /** Everything found at session start, broadest first: managed, user, project chain. */
  loadStartup(): MemorySet {
    const { managedDir, berthHome, projectRoot, cwd } = this.#options;
    if (managedDir) this.#loadRoot(join(managedDir, "CLAUDE.md"), "managed");
    this.#loadRoot(join(berthHome, "CLAUDE.md"), "user");
    const dirs = projectChain(projectRoot, cwd);
    for (const extra of this.#options.workingDirectories) if (!dirs.includes(extra)) dirs.push(extra);
    for (const dir of dirs) this.#loadFolder(dir, false);
    return this.#set;
  }

  /**
   * Called when the agent reads or edits `path`: memory files in folders between the working
   * folder and `path` that were not loaded yet. Returns the files this call added.
   */
  loadForPath(path: string): MemoryFile[] {
    const before = this.#set.files.length;
    const target = real(path) ?? path;
    const base = this.#roots.find((root) => isInside(target, root));
    if (!base) return [];
    const rel = relative(base, target).split(sep).filter(Boolean);
    let dir = base;
    // Every folder below the root on the way to the file (not the file itself). A folder is
    // looked at once per load: every tool call names a file, mostly in the same few folders, and
    // a memory file created there later is noticed through the candidates (watched and
    // fingerprinted by the session), which reloads with a fresh loader.
    for (const part of rel.slice(0, -1)) {
      dir = join(dir, part);
      if (this.#subfolders.has(dir)) continue;
      this.#subfolders.add(dir);
      this.#loadFolder(dir, true);
    }
    return this.#set.files.slice(before);
  }

  get set(): MemorySet {
    return this.#set;
  }

  #loadFolder(dir: string, subfolder: boolean): void {
    for (const candidate of folderCandidates(dir)) {
      const origin: MemoryOrigin = candidate.local ? "local" : subfolder ? "subfolder" : "project";
      this.#loadRoot(candidate.path, origin);
    }
  }

  #loadRoot(path: string, origin: MemoryOrigin): void {
    if (!this.#set.candidates.includes(path)) this.#set.candidates.push(path);
    const target = real(path);
    if (!target || this.#loaded.has(target)) return;
    this.#load(path, target, origin, undefined, 0, []);
  }

  #load(
    path: string,
    target: string,
    origin: MemoryOrigin,
    importer: MemoryFile | undefined,
    depth: number,
    chain: string[],
  ): void {
    // `origin` is always that of the file found by location at the start of the import chain.
    const fromProject = origin !== "managed" && origin !== "user";
    if (fromProject && !this.#roots.some((root) => isInside(target, root))) {
      if (!this.#options.trusted) {
        this.#problem(
          "outside",
          path,
          importer,
          `${path} is outside the working directories and the folder is not trusted, so it was not loaded.`,
        );
        return;
      }
      if (!this.#options.isImportApproved?.(target)) {
        if (!this.#set.pendingImports.includes(target)) this.#set.pendingImports.push(target);
        this.#problem(
          "needs-approval",
          path,
          importer,
          `${path} is outside the working directories; approve it with /memory approve to load it.`,
        );
        return;
      }
    }
    let content: string;
    try {
      const size = statSync(target).size;
      if (size > MAX_MEMORY_FILE_BYTES) {
        this.#problem(
          "too-large",
          path,
          importer,
          `${path} is ${size} bytes (over ${MAX_MEMORY_FILE_BYTES}), so it was not loaded.`,
        );
        return;
      }
      content = readFileSync(target, "utf8");
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      this.#problem(
        missing ? "missing" : "unreadable",
        path,
        importer,
        `${path} could not be read: ${(error as Error).message}`,
      );
      return;
    }
    this.#loaded.add(target);
    const file: MemoryFile = {
      path,
      content,
      origin: importer ? "import" : origin,
      depth,
      ...(importer ? { importedFrom: importer.path } : {}),
    };
    this.#set.files.push(file);
    for (const spec of findImports(content)) {
      const next = resolveImport(spec, path, this.#options.homeDir ?? homedir());
      const nextReal = real(next);
      if (!nextReal) {
        this.#problem("missing", next, file, `@${spec} in ${path}: ${next} does not exist.`);
        continue;
      }
      if (nextReal === target || chain.includes(nextReal)) {
        this.#problem(
          "cycle",
          next,
          file,
          `@${spec} in ${path} imports a file that is already being imported (a cycle); skipped.`,
        );
        continue;
      }
      if (this.#loaded.has(nextReal)) continue;
      if (depth + 1 > MAX_IMPORT_DEPTH) {
        this.#problem(
          "too-deep",
          next,
          file,
          `@${spec} in ${path} is more than ${MAX_IMPORT_DEPTH} imports deep; skipped.`,
        );
        continue;
      }
      this.#load(next, nextReal, origin, file, depth + 1, [...chain, target]);
    }
  }

  #problem(
    kind: MemoryProblem["kind"],
    path: string,
    importer: MemoryFile | undefined,
    message: string,
  ): void {
    this.#set.problems.push({ kind, path, message, ...(importer ? { importedFrom: importer.path } : {}) });
  }
}

/** Loads a session's startup memory in one call. */
export function loadMemory(options: MemoryLoadOptions): MemorySet {
  return new MemoryLoader(options).loadStartup();
}
