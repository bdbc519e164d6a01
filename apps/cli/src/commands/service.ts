import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname } from "node:path";
import { berthHome, connectIfRunning, daemonEntry } from "../connect";
import { LAUNCHD_LABEL, SYSTEMD_UNIT_NAME, type ServiceFile, serviceFileFor } from "../service/units";
import { daemonStop } from "./daemon";

export interface ServiceOptions {
  /** Write the file only; do not enable or start it. */
  start: boolean;
  json?: boolean;
}

function currentServiceFile(): ServiceFile {
  return serviceFileFor(process.platform, {
    node: process.execPath,
    daemonEntry: daemonEntry(),
    home: berthHome(),
    userHome: process.env.HOME || homedir(),
  });
}

function run(command: string, args: string[]): { ok: boolean; output: string } {
  const r = spawnSync(command, args, { encoding: "utf8", timeout: 20_000 });
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? r.error.message : ""}`.trim();
  return { ok: r.status === 0, output };
}

/** The service manager's commands for a unit file: load and start, or stop and unload. */
function managerCommands(file: ServiceFile, action: "start" | "stop"): Array<[string, string[]]> {
  if (file.kind === "systemd") {
    return action === "start"
      ? [
          ["systemctl", ["--user", "daemon-reload"]],
          ["systemctl", ["--user", "enable", "--now", SYSTEMD_UNIT_NAME]],
        ]
      : [
          ["systemctl", ["--user", "disable", "--now", SYSTEMD_UNIT_NAME]],
          ["systemctl", ["--user", "daemon-reload"]],
        ];
  }
  const domain = `gui/${process.getuid?.() ?? 0}`;
  return action === "start"
    ? [["launchctl", ["bootstrap", domain, file.path]]]
    : [["launchctl", ["bootout", `${domain}/${LAUNCHD_LABEL}`]]];
}

function runAll(commands: Array<[string, string[]]>): string | undefined {
  for (const [cmd, args] of commands) {
    const r = run(cmd, args);
    if (!r.ok) return `\`${cmd} ${args.join(" ")}\` failed${r.output ? `: ${r.output}` : ""}`;
  }
  return undefined;
}

/** `berth daemon install`: the daemon as a login service that restarts after a crash. */
export async function serviceInstall(options: ServiceOptions): Promise<number> {
  const file = currentServiceFile();
  const previous = existsSync(file.path) ? readFileSync(file.path, "utf8") : undefined;
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.content, { mode: 0o644 });
  const verb = previous === undefined ? "Wrote" : previous === file.content ? "Kept" : "Updated";
  process.stdout.write(`${verb} ${file.path}\n`);
  if (!options.start) {
    process.stdout.write(`Not started (--no-start). Start it with: ${startHint(file)}\n`);
    return 0;
  }
  // One daemon per home: a daemon started on demand would hold the lock the service needs.
  const running = await connectIfRunning();
  if (running) {
    await running.close();
    process.stdout.write("Stopping the daemon started on demand, so that the service can take over.\n");
    await daemonStop();
  }
  const failure = runAll(managerCommands(file, "start"));
  if (failure) {
    process.stderr.write(
      `berth: the service file is in place, but it could not be started: ${failure}\n` +
        `Start it yourself with: ${startHint(file)}\n` +
        "Until then `berth` starts the daemon on demand, as before.\n",
    );
    return 1;
  }
  process.stdout.write(`The Berth daemon now runs as a login service (${file.kind}).\n`);
  return 0;
}

/** `berth daemon uninstall`: stops and removes the service; history and settings stay. */
export async function serviceUninstall(): Promise<number> {
  const file = currentServiceFile();
  if (!existsSync(file.path)) {
    process.stdout.write(`No Berth service is installed (${file.path} does not exist).\n`);
    return 0;
  }
  const failure = runAll(managerCommands(file, "stop"));
  rmSync(file.path, { force: true });
  process.stdout.write(`Removed ${file.path}. Your history and settings in ${berthHome()} are kept.\n`);
  if (failure) process.stderr.write(`berth: note: ${failure} (it may not have been running)\n`);
  return 0;
}

function startHint(file: ServiceFile): string {
  return managerCommands(file, "start")
    .map(([cmd, args]) => `${cmd} ${args.join(" ")}`)
    .join(" && ");
}
