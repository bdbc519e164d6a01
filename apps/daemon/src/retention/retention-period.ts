import { homedir } from "node:os";
import { DEFAULT_CLEANUP_PERIOD_DAYS, formatDiagnostic, loadSettings } from "@berth/config";

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionPeriod {
  days: number;
  /** The settings file that set it, or `default`. */
  source: string;
  /** Problems with the key (e.g. `0`, which is rejected), shown to users as daemon notices. */
  problems: string[];
}

export interface RetentionPeriodOptions {
  berthHome: string;
  homeDir?: string;
  /** Managed policy files; default: the OS path. */
  managedPaths?: string[];
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The retention period for the whole history. Retention is per user, not per project, so only
 * managed policy and the user settings file count (a repository's settings cannot shorten your
 * history; @berth/config also ignores the key in untrusted project files). Managed wins.
 * Read on every sweep, so an edited settings file applies without a restart.
 */
export function readRetentionPeriod(options: RetentionPeriodOptions): RetentionPeriod {
  const result = loadSettings({
    cwd: options.berthHome,
    projectRoot: options.berthHome,
    berthHome: options.berthHome,
    homeDir: options.homeDir ?? homedir(),
    projectTrusted: false,
    settingSources: ["user"],
    ...(options.managedPaths ? { managedPaths: options.managedPaths } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const raw = result.effective.cleanupPeriodDays;
  // The schema already refuses 0 and fractions; this guards a loader that lets one through.
  const days = Number.isInteger(raw) && raw >= 1 ? raw : DEFAULT_CLEANUP_PERIOD_DAYS;
  const origin = result.effective.origin("cleanupPeriodDays");
  const problems = result.diagnostics
    .filter((d) => d.keyPath === "cleanupPeriodDays" || (d.keyPath === "" && d.severity === "error"))
    .map((d) => formatDiagnostic(d));
  return { days, source: origin?.file ?? "default", problems };
}
