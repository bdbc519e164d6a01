/**
 * The environment a session is created with: the extension host's, like the CLI sends its own
 * (provider credentials, proxies, PATH), without what only makes sense inside VS Code's extension
 * host: its IPC handles (`VSCODE_*`) and `ELECTRON_RUN_AS_NODE`, which would turn an `electron` or
 * `code` started by the session's shell into a plain Node. `BERTH_DAEMON_*` stay out as in the CLI.
 */
export function sessionEnvFrom(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || key === "_" || /^(VSCODE_|ELECTRON_|BERTH_DAEMON_)/.test(key)) continue;
    out[key] = value;
  }
  return out;
}
