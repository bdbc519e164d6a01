// Throwaway directories for tests. Paths are realpath'ed because os.tmpdir() is a symlink on
// some systems (macOS: /var -> /private/var), and code under test that resolves symlinks (the
// permission engine does) would otherwise see a different path than the test expects.
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TempDir {
  path: string;
  /** Removes the directory and everything in it; safe to call twice. */
  cleanup(): void;
}

export interface TempHome extends TempDir {
  /** `<path>/.berth`, already created. */
  berthHome: string;
  /** Environment pointing a child process at this home: HOME, USERPROFILE, BERTH_HOME. */
  env: { HOME: string; USERPROFILE: string; BERTH_HOME: string };
}

export function makeTempDir(prefix = "berth-test-"): TempDir {
  const path = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export function makeTempHome(prefix = "berth-home-"): TempHome {
  const dir = makeTempDir(prefix);
  const berthHome = join(dir.path, ".berth");
  mkdirSync(berthHome, { mode: 0o700 });
  return { ...dir, berthHome, env: { HOME: dir.path, USERPROFILE: dir.path, BERTH_HOME: berthHome } };
}
