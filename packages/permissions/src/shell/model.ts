// The shell analyser's intermediate model: simple commands with their words, assignments and
// redirections, plus the issues that make a command impossible to approve automatically.
import type { SafetyCheck } from "../types.js";
import type { WordInfo } from "./words.js";

export interface Issue {
  check: SafetyCheck;
  detail: string;
  /** A launcher (`open`, `source`): an allow rule naming this program explicitly waives the issue,
   * because the team chose to let that program run whatever file it is given. */
  launcher?: string;
}

export interface Assignment {
  name: string;
  /** Raw subscript text for `a[i]=v`, else null. */
  subscript: string | null;
  value: WordInfo | null;
  raw: string;
}

export type RedirectKind = "write" | "read" | "readwrite" | "dup" | "close" | "heredoc" | "herestring";

export interface Redirect {
  op: string;
  fd: string | null;
  kind: RedirectKind;
  target: WordInfo | null;
  raw: string;
  /** Inside a command substitution or other part that never counts towards approval. */
  nested: boolean;
}

export interface RawCommand {
  /** "syntax": `[[ ]]`, declarations, bare assignments — shell syntax rather than a program run. */
  kind: "simple" | "syntax";
  words: WordInfo[];
  assignments: Assignment[];
  redirects: Redirect[];
  nested: boolean;
  text: string;
}

export interface WalkResult {
  commands: RawCommand[];
  /** Redirections on compound statements (`{ ...; } > out`). */
  groupRedirects: Redirect[];
  issues: Issue[];
}

/** What inspecting one program invocation found (shell/inline.ts). */
export interface Findings {
  issues: Issue[];
  /** Candidate hidden commands (as words), for deny/ask matching only. */
  hidden: WordInfo[][];
  /** Static inline shell scripts to analyse recursively, for deny/ask matching only. */
  scripts: string[];
}
