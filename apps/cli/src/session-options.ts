import type { ParamsOf, PermissionMode } from "@berth/protocol";

/** The flags every way of starting or resuming a session shares. */
export interface SessionFlags {
  model?: string;
  permissionMode?: PermissionMode;
  allowedTools: string[];
  disallowedTools: string[];
  addDirs: string[];
  settings?: string;
}

/** Turns the shared flags into `session/create` fields, leaving out what was not given. */
export function sessionFields(flags: SessionFlags): Partial<ParamsOf<"session/create">> {
  return {
    ...(flags.model ? { model: flags.model } : {}),
    ...(flags.permissionMode ? { permissionMode: flags.permissionMode } : {}),
    allowedTools: flags.allowedTools,
    disallowedTools: flags.disallowedTools,
    addDirs: flags.addDirs,
    ...(flags.settings ? { settings: flags.settings } : {}),
  };
}
