// Public data types of the permission engine. Everything here is plain data so decisions can be
// logged, sent over the wire and shown by any client without importing engine code.
import type { CompiledRuleSet } from "./rules/compile.js";

export type PermissionMode = "default" | "acceptEdits" | "plan" | "bypassPermissions" | "dontAsk";
export type Behavior = "allow" | "ask" | "deny";
export type RuleList = "allow" | "ask" | "deny";

export type RuleSourceKind = "managed" | "cli" | "localProject" | "project" | "user" | "session" | "flag";

export interface RuleSource {
  kind: RuleSourceKind;
  /** Settings file the rule came from, when it came from a file. */
  path?: string;
  /** Directory that `/path` anchors in Read/Edit rules resolve against. */
  root?: string;
}

/** A permission rule as written in settings, with where it came from. */
export interface Rule {
  text: string;
  list: RuleList;
  source: RuleSource;
}

/** Why a command or input was refused automatic approval by a built-in safety check. */
export type SafetyCheck =
  | "internal-error"
  | "invalid-input"
  | "parse-error"
  | "too-long"
  | "control-character"
  | "unicode-lookalike"
  | "line-continuation"
  | "command-substitution"
  | "process-substitution"
  | "complex-expansion"
  | "arithmetic"
  | "dynamic-command"
  | "unusual-command-name"
  | "ansi-c-command"
  | "history-expansion"
  | "code-execution"
  | "inline-code"
  | "interpreter-stdin"
  | "exec-wrapper"
  | "program-option"
  | "git-config"
  | "hard-link"
  | "find-exec"
  | "privilege-escalation"
  | "shell-state"
  | "dangerous-variable"
  | "unsupported-syntax"
  | "dynamic-redirect"
  | "wrapper-options"
  | "possible-deny-match"
  | "network"
  | "protected-path"
  | "outside-working-dirs"
  | "critical-path"
  | "tilde-user"
  | "nul-byte"
  | "url-scheme"
  | "unknown-tool"
  | "malformed-rule"
  | "interactive-tool";

export type DecisionReason =
  | { kind: "rule"; rule: string; source: string; list: RuleList }
  | { kind: "mode"; mode: PermissionMode }
  | { kind: "read-only-default" }
  | { kind: "safety"; check: SafetyCheck; detail: string }
  | { kind: "no-match" }
  | { kind: "tool-default"; detail: string };

/** A plain-words account of what a shell command does, shown next to the model's own description. */
export interface CommandDescription {
  summary: string;
  programs: string[];
  writes: string[];
  reads: string[];
  network: string[];
  risks: string[];
}

/** The verdict for one sub-command of a compound shell command (or one redirect target). */
export interface PartDecision {
  /** The sub-command as it was matched against rules (wrappers stripped, canonical quoting). */
  command: string;
  behavior: Behavior;
  reason: DecisionReason;
  /** Rule text that "always allow" would persist for this part; absent when it cannot be persisted. */
  suggestion?: string;
}

export interface Decision {
  behavior: Behavior;
  reason: DecisionReason;
  /** One clear sentence for the user and the model. */
  message: string;
  description?: CommandDescription;
  /** Bash only: the verdict for each sub-command, in source order. */
  parts?: PartDecision[];
  /** Rule texts "always allow" may persist for this request; empty when it must be allowed once only. */
  suggestions?: string[];
}

export interface ToolRequest {
  tool: string;
  input: Record<string, unknown>;
}

/** Returns the real path of the longest existing prefix of `absPath` plus the rest (never throws on
 * missing files; symlinks, dangling ones included, are followed). */
export type ResolvePath = (absPath: string) => string;

export interface PermissionContext {
  /** The shell's current directory (absolute). */
  cwd: string;
  /** Launch folder and --add-dir folders, already real paths. */
  workingDirectories: string[];
  /** `permissions.additionalDirectories`; resolved through resolvePath by the engine. */
  additionalDirectories?: string[];
  homeDir: string;
  mode: PermissionMode;
  rules: CompiledRuleSet;
  resolvePath: ResolvePath;
  platform: string;
  /** The first key of the repository's own config (local and worktree files, and what they
   * include) that makes read-only git forms run a program, for the repository containing `dir`;
   * null when none. Done by the caller (file I/O, cached); without it git config is not checked.
   * Throwing makes the command ask. */
  gitConfigHazard?: (dir: string) => string | null;
  /** Hard links of the existing regular file at a real path (1 when unlinked, 0 when missing).
   * Done by the caller; a write to a file with more than one link asks. Throwing makes it ask. */
  linkCount?: (realPath: string) => number;
}
