import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BerthConnection } from "@berth/client";
import { berthPaths } from "@berth/protocol";
import { waitFor } from "@berth/testkit";

// The built daemon (apps/daemon/dist/berth-daemon.js) as a real child process: for what an
// in-process daemon cannot show (kill -9, another user's permissions).

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");
export const DAEMON_ENTRY = join(ROOT, "apps/daemon/dist/berth-daemon.js");
export const CLI_ENTRY = join(ROOT, "apps/cli/dist/berth.cjs");

/** Builds the bundles when they are missing or older than the daemon's sources. */
export function ensureBuilt(): void {
  const stale =
    !existsSync(DAEMON_ENTRY) ||
    !existsSync(CLI_ENTRY) ||
    statSync(DAEMON_ENTRY).mtimeMs < newestSource(join(ROOT, "apps/daemon/src"));
  if (stale) execFileSync(process.execPath, [join(ROOT, "scripts/build.mjs")], { stdio: "ignore" });
}

function newestSource(dir: string): number {
  const out = execFileSync("find", [dir, join(ROOT, "packages"), "-name", "*.ts", "-newer", DAEMON_ENTRY], {
    encoding: "utf8",
  });
  return out.trim() ? Number.POSITIVE_INFINITY : 0;
}

export interface SpawnedDaemon {
  child: ChildProcess;
  pid: number;
  connect(name?: string): Promise<BerthConnection>;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  stderr(): string;
}

export async function spawnDaemon(
  home: string,
  options: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<SpawnedDaemon> {
  let err = "";
  const child = spawn(process.execPath, [DAEMON_ENTRY, "--home", home, "--idle-timeout-ms", "0"], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, ...options.env },
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const paths = berthPaths(home);
  const connect = async (name = "spawned-test") =>
    BerthConnection.open({
      endpoint: { kind: "unix", socketPath: paths.socket },
      token: readFileSync(paths.token, "utf8").trim(),
      clientInfo: { name, version: "0" },
    });
  return {
    child,
    pid: child.pid as number,
    connect,
    exited,
    stderr: () => err,
  };
}

/** Waits until the daemon accepts connections, then returns one. */
export async function connectWhenReady(daemon: SpawnedDaemon): Promise<BerthConnection> {
  let early: number | string | undefined;
  void daemon.exited.then((code) => {
    early = code;
  });
  return waitFor(
    async () => {
      if (early !== undefined) throw new Error(`daemon exited (${early}): ${daemon.stderr()}`);
      return daemon.connect();
    },
    { timeoutMs: 15_000, description: "the spawned daemon to accept connections" },
  );
}
