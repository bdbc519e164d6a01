// Set-up for startup.bench.mjs: the fake model as its own process, and the environments the
// two clients run with (each gets only what it needs: no inherited credentials or settings).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleDriver } from "./bundle-driver.mjs";
import { readJsonLines } from "./startup-breakdown.mjs";

/** Starts lib/startup-fake.mjs (bundled) for `project`; its request log is read with requests(). */
export async function startFakeModel(project) {
  const bundle = await bundleDriver("scripts/bench/lib/startup-fake.mjs");
  const logDir = mkdtempSync(join(tmpdir(), "berth-bench-fake-"));
  const log = join(logDir, "requests.jsonl");
  writeFileSync(log, "");
  // stdin is a pipe only so the fake notices when this process dies and exits with it.
  const child = spawn(process.execPath, [bundle.file, project, log], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8");
  while (!out.includes("\n")) {
    const [chunk] = await Promise.race([
      once(child.stdout, "data"),
      once(child, "exit").then(([code]) => {
        throw new Error(`the fake model exited (${code}) before printing its URL`);
      }),
    ]);
    out += chunk;
  }
  return {
    url: out.trim(),
    /** Forget earlier requests (the fake appends to the log by path, so truncating is safe). */
    reset: () => writeFileSync(log, ""),
    requests: () => readJsonLines(log),
    async close() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
      bundle.dispose();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

/** Berth's environment: the world's folders, the fake model, and where to write timing marks. */
export function berthEnv(world, url, timings) {
  return {
    ...world.env,
    ANTHROPIC_API_KEY: "bench",
    ANTHROPIC_BASE_URL: url,
    BERTH_TIMINGS: timings.cli,
    BERTH_DAEMON_TIMINGS: timings.daemon,
    // A safety net: a daemon a crashed bench left behind exits on its own.
    BERTH_DAEMON_IDLE_MS: "120000",
    // Another daemon build (an older one, to compare before and after a change).
    ...(process.env.BERTH_DAEMON_ENTRY ? { BERTH_DAEMON_ENTRY: process.env.BERTH_DAEMON_ENTRY } : {}),
  };
}

/** Claude Code's: a HOME of its own, the same fake model, no traffic besides the model's. */
export function claudeEnv(home, url) {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    ANTHROPIC_API_KEY: "bench",
    ANTHROPIC_BASE_URL: url,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_AUTOUPDATER: "1",
  };
}
