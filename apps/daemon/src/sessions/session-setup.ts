import { realpathSync } from "node:fs";
import type { CliSettingsInput, SettingsResult } from "@berth/config";
import { type ParsedParamsOf, type PermissionMode, ProtocolError } from "@berth/protocol";
import { projectRootOf } from "../policy/project-root";
import type { SettingsService } from "../policy/settings-service";

type CreateParams = ParsedParamsOf<"session/create">;

/** What a new session runs with, after settings, trust and managed policy have had their say. */
export interface SessionSetup {
  cwd: string;
  projectRoot: string;
  trusted: boolean;
  settings: SettingsResult;
  /** The client's environment with settings `env` applied (managed values win). */
  env: Record<string, string>;
  permissionMode: PermissionMode;
  workingDirectories: string[];
  cli: CliSettingsInput;
}

export function cliSettingsOf(params: CreateParams): CliSettingsInput {
  return {
    ...(params.settings ? { settings: params.settings } : {}),
    ...(params.permissionMode ? { permissionMode: params.permissionMode } : {}),
    ...(params.allowedTools.length ? { allowedTools: params.allowedTools } : {}),
    ...(params.disallowedTools.length ? { disallowedTools: params.disallowedTools } : {}),
    ...(params.addDirs.length ? { addDirs: params.addDirs } : {}),
    ...(params.model ? { model: params.model } : {}),
  };
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Resolves settings for a session. A folder the user has not trusted contributes only its
 * deny and ask rules; the caller's explicit trust flag (print mode) counts for this run.
 */
export function setUpSession(
  params: CreateParams,
  settings: SettingsService,
  isTrusted: (projectRoot: string) => boolean,
): SessionSetup {
  const cwd = realOrSelf(params.cwd);
  const projectRoot = projectRootOf(cwd);
  const trusted = params.trustWorkspace === true || isTrusted(projectRoot);
  const cli = cliSettingsOf(params);
  const result = settings.load({ cwd, projectRoot, trusted, cli });
  const effective = result.effective;
  const requested = (params.permissionMode ??
    effective.permissions.defaultMode ??
    "default") as PermissionMode;
  if (requested === "bypassPermissions" && !result.bypassAllowed) {
    throw new ProtocolError(
      "PolicyRefused",
      "Managed policy disables bypassPermissions mode (permissions.disableBypassPermissionsMode).",
    );
  }
  const workingDirectories = [
    cwd,
    ...params.addDirs.map(realOrSelf),
    ...result.directories.map((d) => realOrSelf(d.resolved)),
  ];
  return {
    cwd,
    projectRoot,
    trusted,
    settings: result,
    env: { ...params.env, ...effective.env },
    permissionMode: requested,
    workingDirectories: [...new Set(workingDirectories)],
    cli,
  };
}
