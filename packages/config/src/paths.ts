// Where each settings layer lives. Pure: computes paths, never touches the disk.
import { dirname, isAbsolute, join, resolve, win32 } from "node:path";
import type { LayerKind, LoadOptions } from "./types.js";

export const MANAGED_SETTINGS_ENV = "BERTH_MANAGED_SETTINGS_PATH";

/** The system managed policy file for a platform (Claude Code's documented locations). */
export function managedSettingsPath(platform: NodeJS.Platform): string {
  if (platform === "darwin") return "/Library/Application Support/ClaudeCode/managed-settings.json";
  if (platform === "win32") return win32.join("C:\\Program Files", "ClaudeCode", "managed-settings.json");
  return "/etc/claude-code/managed-settings.json";
}

export interface SettingsFilePath {
  layer: LayerKind;
  path: string;
  root: string;
  /** Set for the `--settings` file: missing is an error, not "no settings". */
  required?: boolean;
}

export function expandHome(p: string, homeDir: string): string {
  if (p === "~") return homeDir;
  if (p.startsWith("~/")) return join(homeDir, p.slice(2));
  return p;
}

/** True when `--settings` holds inline JSON rather than a path. */
export function isInlineJson(value: string): boolean {
  return value.trimStart().startsWith("{");
}

export function berthHomeOf(options: Pick<LoadOptions, "berthHome" | "homeDir">): string {
  return options.berthHome ?? join(options.homeDir, ".berth");
}

/** Every settings file that can contribute, highest precedence first. */
export function settingsFilePaths(options: LoadOptions): SettingsFilePath[] {
  const cwd = resolve(options.cwd);
  const projectRoot = resolve(options.projectRoot ?? cwd);
  const sources = options.settingSources;
  const wants = (s: "user" | "project" | "local") => !sources || sources.includes(s);
  const out: SettingsFilePath[] = [];

  const managed = options.managedPaths ?? [managedSettingsPath(options.platform ?? process.platform)];
  for (const p of managed) out.push({ layer: "managed", path: p, root: dirname(p) });
  // The extra path is an additional, lower managed layer: it can add policy but never hides the
  // system file, which is always read first.
  const extra = options.extraManagedPath ?? (options.env ?? process.env)[MANAGED_SETTINGS_ENV];
  if (extra && !managed.includes(extra)) {
    const p = resolve(cwd, expandHome(extra, options.homeDir));
    out.push({ layer: "managed", path: p, root: dirname(p) });
  }

  const settingsFlag = options.cli?.settings;
  if (settingsFlag !== undefined && !isInlineJson(settingsFlag)) {
    const p = resolve(cwd, expandHome(settingsFlag, options.homeDir));
    out.push({ layer: "cli", path: p, root: dirname(p), required: true });
  }

  const claudeDir = join(projectRoot, ".claude");
  if (wants("local"))
    out.push({ layer: "localProject", path: join(claudeDir, "settings.local.json"), root: cwd });
  if (wants("project"))
    out.push({ layer: "project", path: join(claudeDir, "settings.json"), root: projectRoot });
  const home = berthHomeOf(options);
  if (wants("user")) out.push({ layer: "user", path: join(home, "settings.json"), root: home });
  return out;
}

export function resolveDirectory(path: string, root: string, homeDir: string): string {
  const expanded = expandHome(path, homeDir);
  // `//abs` is the rule-style absolute anchor; plain absolute paths are absolute too.
  if (expanded.startsWith("//")) return resolve(expanded.slice(1));
  return isAbsolute(expanded) ? resolve(expanded) : resolve(root, expanded);
}
