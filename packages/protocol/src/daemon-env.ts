// The environment the daemon process starts with. The daemon outlives the terminal that
// started it and is the parent of every session's shell, so whatever its initial environment
// holds can be read back by any tool (`cat /proc/$PPID/environ`, `ps eww`); removing a
// variable from process.env later does not change that. So it starts from an allowlist of
// non-secret variables; a session's credentials travel in `session/create` instead.
// Pure (no I/O) so the client, which depends on this package only, can use it.

/** Variables the daemon may inherit: locale, paths and Berth's own non-secret switches. */
export const DAEMON_ENV_ALLOWLIST: readonly string[] = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LANGUAGE",
  "TZ",
  "TMPDIR",
  "TMP",
  "TEMP",
  "XDG_RUNTIME_DIR",
  "XDG_CONFIG_HOME",
  "XDG_DATA_HOME",
  "XDG_CACHE_HOME",
  "XDG_STATE_HOME",
  // What every shell sets for its children: bookkeeping, never secrets.
  "PWD",
  "OLDPWD",
  "SHLVL",
  "_",
  "TERM",
  // How the process is loaded and what time it sees (libfaketime, Nix and corporate loader
  // set-ups): configuration the user's own programs run with, never credentials.
  "LD_PRELOAD",
  "LD_LIBRARY_PATH",
  // Read by Node once at start (TLS for the daemon's own outbound traffic); a file path.
  "NODE_EXTRA_CA_CERTS",
  // Berth's own switches. BERTH_DAEMON_* are daemon settings (idle timeout), never secrets.
  "BERTH_HOME",
  "BERTH_LOG_LEVEL",
  "BERTH_MANAGED_SETTINGS_PATH",
  "BERTH_DAEMON_IDLE_MS",
  // Set by systemd and launchd for a login service (`berth daemon install`): identifiers only.
  "INVOCATION_ID",
  "JOURNAL_STREAM",
  "SYSTEMD_EXEC_PID",
  "MANAGERPID",
  "XPC_SERVICE_NAME",
  "XPC_FLAGS",
  // Windows needs these to run child processes at all.
  "SystemRoot",
  "ComSpec",
  "PATHEXT",
  "USERPROFILE",
  "APPDATA",
  "LOCALAPPDATA",
];

// BERTH_DAEMON_*: the daemon's own settings (idle timeout, metrics sampling), never secrets.
const ALLOWED_PREFIXES: readonly string[] = ["LC_", "FAKETIME", "BERTH_DAEMON_"];

export function isDaemonEnvVariable(name: string): boolean {
  return DAEMON_ENV_ALLOWLIST.includes(name) || ALLOWED_PREFIXES.some((p) => name.startsWith(p));
}

/** The allowlisted part of `env`: what a daemon started from this environment may see. */
export function daemonEnvironment(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && isDaemonEnvVariable(name)) out[name] = value;
  }
  return out;
}

/** Names in `env` the daemon must not start with (for a message that names them, never values). */
export function foreignDaemonVariables(env: Record<string, string | undefined>): string[] {
  return Object.keys(env).filter((name) => env[name] !== undefined && !isDaemonEnvVariable(name));
}
