// One timed child process for the benchmarks: wall time from spawn to exit, measured here, and
// the child's peak resident set from `/usr/bin/time -f %M` (the kernel's ru_maxrss of the
// waited-for process, so it is exact, not sampled). Without /usr/bin/time the run is the same,
// minus the memory figure. Async (not spawnSync) so the bench process stays responsive.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TIME = "/usr/bin/time";
export const canMeasureRss = process.platform === "linux" && existsSync(TIME);

/** Epoch ms with sub-ms precision: the same clock as the `at` of Berth's timing marks. */
export const epochMs = () => performance.timeOrigin + performance.now();

/**
 * Runs `command args` in `cwd` with exactly `env`, stdin from /dev/null. Resolves with
 * { ms, startAt, exitAt, rssKiB, code, stdout, stderr }; never rejects for a non-zero exit.
 */
export async function timedRun(command, args, { cwd, env }) {
  const scratch = canMeasureRss ? mkdtempSync(join(tmpdir(), "berth-bench-time-")) : undefined;
  const rssFile = scratch && join(scratch, "rss");
  const [file, argv] = rssFile ? [TIME, ["-f", "%M", "-o", rssFile, command, ...args]] : [command, args];
  let stdout = "";
  let stderr = "";
  const startAt = epochMs();
  const child = spawn(file, argv, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.setEncoding("utf8").on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    stderr += chunk;
  });
  const { code, exitAt } = await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (exitCode, signal) =>
      resolve({ code: exitCode ?? (signal ? 128 : 1), exitAt: epochMs() }),
    );
  });
  await new Promise((resolve) =>
    child.stdout.readableEnded ? resolve() : child.stdout.once("close", resolve),
  );
  let rssKiB;
  if (rssFile) {
    // time(1) writes "Command exited with non-zero status N" before the figure on failure.
    rssKiB = Number(readFileSync(rssFile, "utf8").trim().split("\n").at(-1));
    rmSync(scratch, { recursive: true, force: true });
  }
  return { ms: exitAt - startAt, startAt, exitAt, rssKiB, code, stdout, stderr };
}

/** timedRun that throws (with the output) unless the command exited 0. */
export async function mustRun(label, command, args, options) {
  const run = await timedRun(command, args, options);
  if (run.code !== 0) throw new Error(`${label} exited ${run.code}:\n${run.stdout}${run.stderr}`);
  return run;
}
