// Memory files (CLAUDE.md and friends) as loaded for one session.

/**
 * Where a file came from: managed policy, the user's Berth home, the project (from the project
 * root down to the working folder), a CLAUDE.local.md, a subfolder read during the session, or
 * an @import of one of those.
 */
export type MemoryOrigin = "managed" | "user" | "project" | "local" | "subfolder" | "import";

export interface MemoryFile {
  /** Absolute path as found (before symlinks are resolved). */
  path: string;
  content: string;
  origin: MemoryOrigin;
  /** For imports: the file that imported it. */
  importedFrom?: string;
  /** 0 for a file found by location, 1.. for import hops. */
  depth: number;
}

export type MemoryProblemKind =
  | "cycle"
  | "too-deep"
  | "missing"
  | "outside"
  | "needs-approval"
  | "too-large"
  | "unreadable";

export interface MemoryProblem {
  kind: MemoryProblemKind;
  /** The file the problem is about (the import target, usually). */
  path: string;
  /** The file whose import caused it. */
  importedFrom?: string;
  message: string;
}

export interface MemorySet {
  files: MemoryFile[];
  problems: MemoryProblem[];
  /** Imports outside the working directories waiting for the user's one-time approval. */
  pendingImports: string[];
  /** Every location looked at (present or not), for the change watcher. */
  candidates: string[];
}
