// Test-only helpers (not exported from the package): a throwaway workspace of real files with a
// home, a Berth home, a project and a managed policy file, and a loader bound to it.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import { loadSettings } from "./load.js";
import type { LoadOptions, SettingsResult } from "./types.js";

export interface Workspace {
  root: string;
  home: string;
  berthHome: string;
  project: string;
  paths: { managed: string; extraManaged: string; local: string; project: string; user: string };
  /** Writes a file (objects as pretty JSON), creating directories. */
  write(path: string, content: string | object): string;
  options(overrides?: Partial<LoadOptions>): LoadOptions;
  load(overrides?: Partial<LoadOptions>): SettingsResult;
}

export function makeWorkspace(): Workspace & { cleanup(): void } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "berth-config-")));
  const home = join(root, "home");
  const berthHome = join(home, ".berth");
  const project = join(root, "project");
  mkdirSync(berthHome, { recursive: true });
  mkdirSync(project, { recursive: true });
  const paths = {
    managed: join(root, "etc", "claude-code", "managed-settings.json"),
    extraManaged: join(root, "extra", "managed-settings.json"),
    local: join(project, ".claude", "settings.local.json"),
    project: join(project, ".claude", "settings.json"),
    user: join(berthHome, "settings.json"),
  };
  const options = (overrides: Partial<LoadOptions> = {}): LoadOptions => ({
    cwd: project,
    homeDir: home,
    berthHome,
    managedPaths: [paths.managed],
    projectTrusted: true,
    env: {},
    ...overrides,
  });
  return {
    root,
    home,
    berthHome,
    project,
    paths,
    write(path, content) {
      const full = resolve(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
      return full;
    },
    options,
    load: (overrides) => loadSettings(options(overrides)),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A fresh workspace per test, removed afterwards. */
export function useWorkspace(): () => Workspace {
  let current: (Workspace & { cleanup(): void }) | undefined;
  afterEach(() => {
    current?.cleanup();
    current = undefined;
  });
  return () => {
    current ??= makeWorkspace();
    return current;
  };
}

/** The repository root, found from this file (packages/config/src/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export const codes = (r: SettingsResult, severity?: string) =>
  r.diagnostics.filter((d) => !severity || d.severity === severity).map((d) => d.code);
