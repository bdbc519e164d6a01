import { resolve } from "node:path";
import type { ParamsOf, PermissionMode } from "@berth/protocol";

/** The flags every way of starting or resuming a session shares. */
export interface SessionFlags {
  model?: string;
  permissionMode?: PermissionMode;
  allowedTools: string[];
  disallowedTools: string[];
  addDirs: string[];
  settings?: string;
  /** `--mcp-config` values (files or inline JSON) and `--strict-mcp-config`. */
  mcpConfig?: string[];
  strictMcpConfig?: boolean;
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
    ...(flags.mcpConfig?.length ? { mcpConfig: flags.mcpConfig.map(absoluteConfig) } : {}),
    ...(flags.strictMcpConfig ? { strictMcpConfig: true } : {}),
  };
}

/** The daemon resolves paths against the session folder; a flag's path is the caller's. */
function absoluteConfig(value: string): string {
  return value.trimStart().startsWith("{") ? value : resolve(value);
}
