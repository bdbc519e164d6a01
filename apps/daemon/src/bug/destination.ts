// Where bug reports may be uploaded: `bugReportUrl` from managed policy or the user's own
// settings file only. A repository (even a trusted one) must not choose where transcripts go.
import type { SettingsResult } from "@berth/config";

export interface BugDestination {
  url: string | null;
  /** The file that set it, or why a value was ignored. */
  source: string | null;
}

const ACCEPTED_LAYERS = new Set(["managed", "user"]);

export function bugDestination(settings: SettingsResult): BugDestination {
  const url = (settings.effective as { bugReportUrl?: unknown }).bugReportUrl;
  if (typeof url !== "string") return { url: null, source: null };
  const origin = settings.effective.origin("bugReportUrl");
  if (!origin || !ACCEPTED_LAYERS.has(origin.layer)) {
    return {
      url: null,
      source: `ignored from ${origin?.file ?? "a project file"}: only managed or user settings may set it`,
    };
  }
  return { url, source: origin.file ?? origin.layer };
}
