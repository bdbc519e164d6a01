// Shared by the benchmarks: where the built artefacts are, throwaway Berth homes, daemon
// start/stop through the built CLI, and small statistics. Plain Node, no workspace imports:
// benchmarks measure the bundles a user runs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");
// BENCH_CLI_ENTRY: another CLI build (e.g. main's, built in a second worktree) to compare before
// and after a change; the daemon it starts is the one beside it unless BERTH_DAEMON_ENTRY says.
export const CLI = process.env.BENCH_CLI_ENTRY || join(ROOT, "apps/cli/dist/berth.cjs");
export const DAEMON = join(ROOT, "apps/daemon/dist/berth-daemon.js");

export function requireBuilt() {
  for (const file of [CLI, DAEMON]) {
    if (!existsSync(file)) {
      throw new Error(
        `${file} is missing: run \`node scripts/build.mjs\` (or \`pnpm bench\`, which builds first).`,
      );
    }
  }
}

/** A temporary Berth home, user HOME and project folder, and the environment pointing at them. */
export function makeWorld(prefix) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const home = join(root, "berth-home");
  const userHome = join(root, "user-home");
  const project = join(root, "project");
  for (const dir of [userHome, project]) mkdirSync(dir, { recursive: true });
  const env = { BERTH_HOME: home, HOME: userHome, PATH: process.env.PATH ?? "/usr/bin:/bin" };
  return {
    root,
    home,
    userHome,
    project,
    env,
    async dispose() {
      await stopDaemon(home);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The environment a benchmark session is created with: the fake model and the world's folders. */
export function benchSessionEnv(world, fakeUrl, extra = {}) {
  return {
    ANTHROPIC_API_KEY: "bench",
    ANTHROPIC_BASE_URL: fakeUrl,
    PATH: world.env.PATH,
    HOME: world.userHome,
    ...extra,
  };
}

/** Runs the built CLI to completion; throws with its output when it fails. */
export function berth(world, args) {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd: world.project,
    env: world.env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (run.status !== 0 && !(args[0] === "daemon" && args[1] === "status" && run.status === 3)) {
    throw new Error(`berth ${args.join(" ")} exited ${run.status}:\n${run.stdout}${run.stderr}`);
  }
  return run;
}

/**
 * What the product itself says about the home's daemon: `berth daemon status --json`, which
 * connects to the socket, and otherwise reads the lock record and /proc (a zombie or a reused pid
 * is not "running"). `kill(pid, 0)` alone is fooled by a zombie, so benchmarks never use it.
 */
export function daemonStatus(home) {
  const run = spawnSync(process.execPath, [CLI, "daemon", "status", "--json"], {
    env: { ...process.env, BERTH_HOME: home },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 15_000,
  });
  try {
    return JSON.parse(run.stdout.trim().split("\n").at(-1));
  } catch {
    throw new Error(`berth daemon status exited ${run.status}:\n${run.stdout}${run.stderr}`);
  }
}

/** The pid of the daemon serving `home`, or undefined when none does. */
export function daemonPid(home) {
  const status = daemonStatus(home);
  return status.running ? status.pid : undefined;
}

/** A process the socket does not answer for, but that still runs under the recorded pid. */
function hungOwner(status) {
  const owner = status.found?.owner;
  return !status.running && owner?.process === "running" ? owner.pid : undefined;
}

/**
 * Stops the home's daemon with `berth daemon stop` (which waits for it to exit; a zombie counts as
 * stopped), so a benchmark never leaves one behind and never waits on one that is already dead.
 * One that still runs afterwards, or holds the lock without answering, is killed.
 */
export async function stopDaemon(home) {
  if (!existsSync(home)) return;
  const before = daemonStatus(home);
  if (before.running) {
    spawnSync(process.execPath, [CLI, "daemon", "stop"], {
      env: { ...process.env, BERTH_HOME: home },
      stdio: "ignore",
      timeout: 20_000,
    });
  }
  const after = before.running || hungOwner(before) !== undefined ? daemonStatus(home) : before;
  const stuck = after.running ? after.pid : hungOwner(after);
  if (stuck !== undefined) {
    try {
      process.kill(stuck, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const median = (values) => percentile(values, 50);
export const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Wall time of one synchronous call, in ms. */
export function timeMs(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The last line every benchmark prints: one JSON object that run-all.mjs collects. */
export function report(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
