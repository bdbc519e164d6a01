// Public types of the settings loader.
import type { Diagnostic } from "./diagnostics.js";
import type { Locator } from "./parse.js";
import type { RuleList } from "./sanitize.js";
import type { HookHandler, KnownSettings, PermissionMode } from "./schema/index.js";

/** Settings layers, highest precedence first. */
export const LAYER_KINDS = ["managed", "cli", "localProject", "project", "user"] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

/** Where a rule, directory or hook came from. */
export interface RuleSource {
  kind: LayerKind;
  /** The settings file, or a flag label (`--allowedTools`, `--settings`) for command-line input. */
  path: string;
  /**
   * The directory `/path` anchors in Read/Edit rules resolve against: project file → project
   * root; local file → cwd; user file → the user settings dir; `--settings` file → its dir; cli → cwd.
   */
  root: string;
}

export interface ProvenancedRule {
  text: string;
  list: RuleList;
  source: RuleSource;
  line?: number;
  column?: number;
  /** Set when the text does not look like `Tool` or `Tool(specifier)` (kept anyway). */
  problem?: string;
}

export interface ProvenancedDirectory {
  /** As written. */
  path: string;
  /** Absolute: `~/` → home, relative → the source's root. */
  resolved: string;
  source: RuleSource;
}

export type ProvenancedHookGroup = { matcher?: string; hooks: HookHandler[]; source: RuleSource } & {
  [key: string]: unknown;
};

/** `default` = built-in default; `lockdown` = forced by a failed managed policy. */
export type OriginLayer = LayerKind | "default" | "lockdown";

export interface Origin {
  layer: OriginLayer;
  file: string | null;
}

export interface OriginEntry extends Origin {
  key: string;
  value: unknown;
}

export interface EffectivePermissions {
  allow: string[];
  ask: string[];
  deny: string[];
  additionalDirectories: string[];
  defaultMode: Exclude<PermissionMode, "manual">;
  disableBypassPermissionsMode?: "disable";
  disableAutoMode?: "disable";
  [key: string]: unknown;
}

type Replaced = "permissions" | "hooks" | "env" | "cleanupPeriodDays";

/** The merged settings. Unknown keys from the files are kept alongside the known ones. */
export type EffectiveSettings = Omit<KnownSettings, Replaced> & {
  permissions: EffectivePermissions;
  hooks: Record<string, ProvenancedHookGroup[]>;
  env: Record<string, string>;
  cleanupPeriodDays: number;
  /** Which layer and file set the value at a key path (`permissions.defaultMode`, `env.FOO`). */
  origin(path: string): Origin | undefined;
} & { [key: string]: unknown };

export type FileStatus = "loaded" | "empty" | "missing" | "invalid" | "unreadable";

export interface LayerFile {
  layer: LayerKind;
  path: string;
  root: string;
  status: FileStatus;
  /** The file is invalid and its last good version is in force instead. */
  usedLastGood: boolean;
}

export interface PolicyError {
  message: string;
  files: string[];
}

/** Structured command-line input (the CLI parses the flags). */
export interface CliSettingsInput {
  /** `--settings <file-or-json>`: a path (relative to cwd) or inline JSON. */
  settings?: string;
  /** `--permission-mode` (`--dangerously-skip-permissions` maps to `bypassPermissions`). */
  permissionMode?: string;
  allowedTools?: string[];
  disallowedTools?: string[];
  addDirs?: string[];
  model?: string;
}

export interface LastGoodEntry {
  settings: Record<string, unknown>;
  locator: Locator;
  loadedAt: number;
}
export type LastGoodStore = ReadonlyMap<string, LastGoodEntry>;

export type ReadFile = (path: string) => string | undefined;

export interface LoadOptions {
  cwd: string;
  /** Folder holding `.claude/` (the git root); defaults to cwd. */
  projectRoot?: string;
  /** Defaults to `<homeDir>/.berth`. */
  berthHome?: string;
  homeDir: string;
  /** System managed policy files; defaults to the OS path. */
  managedPaths?: string[];
  /** Test-only extra managed file that can only add policy; defaults to `BERTH_MANAGED_SETTINGS_PATH` in `env`. */
  extraManagedPath?: string;
  cli?: CliSettingsInput;
  /** Only these file scopes load (`--setting-sources`); managed and flags always load. */
  settingSources?: Array<"user" | "project" | "local">;
  projectTrusted: boolean;
  /** Returns the text, or undefined when the file does not exist; throws when unreadable. */
  readFile?: ReadFile;
  /** Read only for `BERTH_MANAGED_SETTINGS_PATH`; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  platform?: NodeJS.Platform;
  /** Last good versions from the previous load (see SettingsResult.lastGood). */
  lastGood?: LastGoodStore;
  now?: () => number;
}

export interface SettingsResult {
  effective: EffectiveSettings;
  rules: ProvenancedRule[];
  directories: ProvenancedDirectory[];
  origins: OriginEntry[];
  diagnostics: Diagnostic[];
  files: LayerFile[];
  bypassAllowed: boolean;
  /** False when managed policy forbids saving "always allow" rules. */
  canPersistRules: boolean;
  policyError?: PolicyError;
  /** Pass back as `LoadOptions.lastGood` on the next load. */
  lastGood: LastGoodStore;
  origin(path: string): Origin | undefined;
}
