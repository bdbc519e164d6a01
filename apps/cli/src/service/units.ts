import { join } from "node:path";

/**
 * The daemon as a login service: a systemd user unit on Linux and a launchd agent on macOS.
 * Pure: computes file names and contents; `commands/service.ts` writes and loads them.
 */
export interface ServiceSpec {
  /** The Node.js binary that runs the daemon (the one running this CLI). */
  node: string;
  /** The daemon's entry script. */
  daemonEntry: string;
  /** The Berth home the daemon serves. */
  home: string;
  /** The user's home folder (where the unit files live). */
  userHome: string;
}

export const SYSTEMD_UNIT_NAME = "berth-daemon.service";
export const LAUNCHD_LABEL = "dev.berth.daemon";

export interface ServiceFile {
  kind: "systemd" | "launchd";
  path: string;
  content: string;
}

/** systemd quotes arguments with double quotes; `%` and `$` have meanings of their own there. */
function systemdQuote(value: string): string {
  if (/[\n\r\0]/.test(value))
    throw new Error(`A service path cannot contain a line break: ${JSON.stringify(value)}`);
  const escaped = value
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/%/g, "%%")
    .replace(/\$/g, "$$$$");
  return `"${escaped}"`;
}

function xmlEscape(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The service runs the daemon with no idle exit (the service manager owns its lifetime) and
 * restarts it after a crash. It carries no credentials: sessions bring theirs over the socket.
 */
function daemonArgs(spec: ServiceSpec): string[] {
  return [spec.node, spec.daemonEntry, "--home", spec.home, "--idle-timeout-ms", "0"];
}

export function systemdUnit(spec: ServiceSpec): ServiceFile {
  const content = [
    "# Written by `berth daemon install`; remove with `berth daemon uninstall`.",
    "[Unit]",
    "Description=Berth daemon: your agent sessions, their history and permission checks",
    "",
    "[Service]",
    "Type=simple",
    `ExecStart=${daemonArgs(spec).map(systemdQuote).join(" ")}`,
    `Environment=${systemdQuote(`BERTH_HOME=${spec.home}`)}`,
    "Restart=on-failure",
    "RestartSec=2",
    // SIGTERM lets running turns be interrupted and stored; the daemon exits within 10 s.
    "KillMode=mixed",
    "TimeoutStopSec=15",
    "",
    "[Install]",
    "WantedBy=default.target",
    "",
  ].join("\n");
  return { kind: "systemd", path: join(spec.userHome, ".config/systemd/user", SYSTEMD_UNIT_NAME), content };
}

export function launchdAgent(spec: ServiceSpec): ServiceFile {
  const logs = join(spec.home, "logs");
  const args = daemonArgs(spec)
    .map((a) => `    <string>${xmlEscape(a)}</string>`)
    .join("\n");
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by \`berth daemon install\`; remove with \`berth daemon uninstall\`. -->
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${LAUNCHD_LABEL}</string>
  <key>ProgramArguments</key>
  <array>
${args}
  </array>
  <key>EnvironmentVariables</key>
  <dict>
    <key>BERTH_HOME</key>
    <string>${xmlEscape(spec.home)}</string>
  </dict>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
  <key>StandardErrorPath</key>
  <string>${xmlEscape(join(logs, "daemon-stderr.log"))}</string>
  <key>ProcessType</key>
  <string>Background</string>
</dict>
</plist>
`;
  return {
    kind: "launchd",
    path: join(spec.userHome, "Library/LaunchAgents", `${LAUNCHD_LABEL}.plist`),
    content,
  };
}

export function serviceFileFor(platform: NodeJS.Platform, spec: ServiceSpec): ServiceFile {
  if (platform === "darwin") return launchdAgent(spec);
  if (platform === "linux") return systemdUnit(spec);
  throw new Error(
    `berth daemon install supports Linux (systemd) and macOS (launchd), not ${platform}. ` +
      "Run `berth daemon start` from your login scripts instead.",
  );
}
