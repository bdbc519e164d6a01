#!/usr/bin/env node
// Start fast, stay light (#13): `berth -p hi` cold (no daemon: the CLI starts one in a fresh
// Berth home) and warm (daemon running), a 20-step tool task with the daemon warm, `berth
// --version` against `node -e 0`, client peak RSS and the idle daemon's RSS afterwards, all
// against the fake model (no latency). With BENCH_CLAUDE_CODE=<claude executable> the same
// runs of Claude Code are interleaved with Berth's and the table shows Berth / Claude Code.
// BERTH_TIMINGS / BERTH_DAEMON_TIMINGS marks and the fake's request log give the breakdown.
// BENCH_RUNS (default 7) runs of each; `--version` and `node -e 0` run twice as often.
// BENCH_DAEMON_ENTRY=<another berth-daemon.js> (e.g. main's build copied aside) adds cold runs that
// start that daemon instead, alternating with this build's, for a before/after from the same run.
// BENCH_BASELINE_CLI=<another build's CLI entry, dist/berth.cjs or an older dist/berth.js> (e.g. main's, built in a second worktree)
// interleaves that CLI's cold and warm `-p hi` with these, for before/after figures from one run.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { CLI, daemonPid, makeWorld, median, percentile, report, requireBuilt, round } from "./lib/common.mjs";
import { vmRssBytes, waitUntilSettled } from "./lib/rss.mjs";
import {
  medianRows,
  promptPhases,
  readJsonLines,
  requestIntervals,
  stepPhases,
} from "./lib/startup-breakdown.mjs";
import { printBaseline, printBreakdown, printHeadline } from "./lib/startup-report.mjs";
import { ALLOWED_TOOLS, STEP_PROMPT, STEPS, writeProject } from "./lib/startup-steps.mjs";
import { berthEnv, claudeEnv, startFakeModel } from "./lib/startup-world.mjs";
import { canMeasureRss, mustRun } from "./lib/timed-run.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CLAUDE = process.env.BENCH_CLAUDE_CODE || undefined;
const BASELINE_DAEMON = process.env.BENCH_DAEMON_ENTRY || undefined;
const BASELINE = process.env.BENCH_BASELINE_CLI || undefined;
const NODE = process.execPath;
const HI = ["-p", "hi"];
const STEP_ARGS = ["-p", STEP_PROMPT, "--allowedTools", ...ALLOWED_TOOLS];

requireBuilt();
const warm = makeWorld("berth-bench-startup-");
const timings = {
  cli: join(warm.root, "cli-timings.jsonl"),
  daemon: join(warm.root, "daemon-timings.jsonl"),
};
writeProject(warm.project);
const fake = await startFakeModel(warm.project);
const samples = { berth: {}, claude: {}, baseline: {} };
const breakdown = { cold: [], coldBaseline: [], warm: [], steps: [], stepRows: [] };
const baselineBreakdown = { cold: [], warm: [] };
const record = (who, what, run) => {
  samples[who][what] ??= [];
  samples[who][what].push(run);
};
const resetMarks = () => {
  for (const file of [timings.cli, timings.daemon]) rmSync(file, { force: true });
  fake.reset();
};
const marksOf = (files) => ({ cli: readJsonLines(files.cli), daemon: readJsonLines(files.daemon) });

/** Requests of the step task the fake served; throws unless all 20 steps ran without an error. */
function checkSteps(who) {
  const main = fake.requests().filter((r) => r.main);
  const last = main.at(-1);
  if (main.length !== STEPS + 1 || last?.step !== STEPS || last.errors !== 0) {
    throw new Error(
      `${who} did not complete the ${STEPS} tool steps: ${main.length} model requests, last saw ` +
        `${last?.step} results with ${last?.errors} errors${last?.firstError ? ` (${last.firstError})` : ""}`,
    );
  }
  return main;
}

/**
 * A cold `-p hi`; with `daemonEntry`, the CLI starts that daemon build (the baseline daemon); with
 * `who: "baseline"`, the BENCH_BASELINE_CLI build runs instead of this one.
 */
async function berthCold(daemonEntry, who = "berth") {
  const world = makeWorld("berth-bench-startup-cold-");
  const files = { cli: join(world.root, "cli.jsonl"), daemon: join(world.root, "daemon.jsonl") };
  const what = daemonEntry ? "coldBaseline" : "cold";
  try {
    fake.reset();
    const run = await mustRun(`${who} -p hi (${what})`, NODE, [who === "berth" ? CLI : BASELINE, ...HI], {
      cwd: world.project,
      env: {
        ...berthEnv(world, fake.url, files),
        ...(daemonEntry ? { BERTH_DAEMON_ENTRY: daemonEntry } : {}),
      },
    });
    record(who, what, run);
    const rows = promptPhases({ ...marksOf(files), requests: fake.requests(), run });
    (who === "berth" ? breakdown : baselineBreakdown)[what].push(rows);
  } finally {
    await world.dispose();
  }
}

/** The baseline CLI talks to the same warm daemon (this build's; the protocol is the same). */
async function berthWarm(who = "berth") {
  resetMarks();
  const run = await mustRun(`${who} -p hi (warm)`, NODE, [who === "berth" ? CLI : BASELINE, ...HI], {
    cwd: warm.project,
    env: berthEnv(warm, fake.url, timings),
  });
  record(who, "warm", run);
  const rows = promptPhases({ ...marksOf(timings), requests: fake.requests(), run });
  (who === "berth" ? breakdown : baselineBreakdown).warm.push(rows);
}

async function berthSteps() {
  writeProject(warm.project);
  resetMarks();
  const run = await mustRun("berth 20-step task", NODE, [CLI, ...STEP_ARGS], {
    cwd: warm.project,
    env: berthEnv(warm, fake.url, timings),
  });
  const requests = checkSteps("Berth");
  record("berth", "steps", run);
  const marks = marksOf(timings);
  breakdown.steps.push(promptPhases({ ...marks, requests, run }));
  breakdown.stepRows.push(...stepPhases({ daemon: marks.daemon, requests }));
}

async function claude(what, home) {
  if (what === "steps") writeProject(warm.project);
  fake.reset();
  const args = what === "steps" ? STEP_ARGS : HI;
  const run = await mustRun(`claude ${what}`, CLAUDE, args, {
    cwd: warm.project,
    env: claudeEnv(home, fake.url),
  });
  run.intervals = what === "steps" ? requestIntervals(checkSteps("Claude Code")) : [];
  record("claude", what, run);
}

try {
  // The warm daemon is started with its own timings file, then serves one untimed task of
  // each kind, so warm runs see a daemon that has loaded what the first session loads.
  await mustRun("berth daemon start", NODE, [CLI, "daemon", "start"], {
    cwd: warm.project,
    env: berthEnv(warm, fake.url, timings),
  });
  await berthWarm();
  if (BASELINE) await berthWarm("baseline");
  await berthSteps();
  samples.berth = {};
  samples.baseline = {};
  baselineBreakdown.warm = [];
  Object.assign(breakdown, { warm: [], steps: [], stepRows: [] });
  const claudeHome = CLAUDE ? makeWorld("berth-bench-startup-cc-") : undefined;
  if (claudeHome) {
    await claude("warm", claudeHome.userHome);
    samples.claude = {};
  }
  for (let i = 0; i < RUNS; i++) {
    // Alternating which goes first spreads any drift of the machine over both builds.
    if (BASELINE_DAEMON && i % 2 === 0) await berthCold(BASELINE_DAEMON);
    await berthCold();
    if (BASELINE_DAEMON && i % 2 === 1) await berthCold(BASELINE_DAEMON);
    if (BASELINE) await berthCold(undefined, "baseline");
    if (claudeHome) {
      const fresh = makeWorld("berth-bench-startup-cc-cold-");
      await claude("cold", fresh.userHome).finally(() => fresh.dispose());
    }
    await berthWarm();
    if (BASELINE) await berthWarm("baseline");
    if (claudeHome) await claude("warm", claudeHome.userHome);
    await berthSteps();
    if (claudeHome) await claude("steps", claudeHome.userHome);
  }
  await claudeHome?.dispose();
  for (let i = 0; i < RUNS * 2; i++) {
    record("berth", "version", await mustRun("berth --version", NODE, [CLI, "--version"], { env: warm.env }));
    record("berth", "node", await mustRun("node -e 0", NODE, ["-e", "0"], { env: warm.env }));
  }
  const pid = daemonPid(warm.home);
  let idleDaemonRssMiB;
  if (pid !== undefined && process.platform === "linux") {
    await waitUntilSettled(pid, { windowMs: 1000, maxWaitMs: 5000 });
    idleDaemonRssMiB = round(vmRssBytes(pid) / 1048576, 1);
  }
  const result = summarise(idleDaemonRssMiB);
  printHeadline(result, { claudeSkipped: !CLAUDE, canMeasureRss });
  if (result.baseline) printBaseline(result.baseline);
  printBreakdown(result.breakdown);
  report(result);
} finally {
  await fake.close();
  await warm.dispose();
}

function stats(runs, pick = (r) => r.ms) {
  if (!runs?.length) return undefined;
  const values = runs.map(pick).filter((v) => v !== undefined && !Number.isNaN(v));
  if (!values.length) return undefined;
  return { median: round(median(values)), p90: round(percentile(values, 90)) };
}

function figures(who) {
  const s = samples[who];
  const rss = (runs) => stats(runs, (r) => (r.rssKiB === undefined ? undefined : r.rssKiB / 1024));
  return {
    hiColdMs: stats(s.cold),
    hiWarmMs: stats(s.warm),
    stepsMs: stats(s.steps),
    peakRssMiB: { hiCold: rss(s.cold), hiWarm: rss(s.warm), steps: rss(s.steps) },
  };
}

function summarise(idleDaemonRssMiB) {
  const berth = {
    ...figures("berth"),
    versionMs: stats(samples.berth.version),
    nodeMs: stats(samples.berth.node),
  };
  berth.versionOverNodeMs = round(berth.versionMs.median - berth.nodeMs.median);
  berth.idleDaemonRssMiB = idleDaemonRssMiB;
  if (BASELINE_DAEMON) {
    berth.baselineDaemon = BASELINE_DAEMON;
    berth.hiColdBaselineDaemonMs = stats(samples.berth.coldBaseline);
  }
  const claudeCode = CLAUDE ? figures("claude") : undefined;
  const ratio = (pick) => (claudeCode ? round(pick(berth) / pick(claudeCode), 2) : null);
  const stepMs = (rows) => round(median(rows.map(([, ms]) => ms)), 2);
  const perStep = breakdown.stepRows.flatMap((s) => s.rows.filter(([name]) => name.startsWith("=")));
  const toolRun = {};
  for (const step of breakdown.stepRows) {
    const ran = step.rows.find(([name]) => name === "tool runs");
    if (!ran) continue;
    toolRun[step.name] ??= [];
    toolRun[step.name].push(ran);
  }
  const before = BASELINE ? figures("baseline") : undefined;
  return {
    bench: "startup",
    runs: RUNS,
    berth,
    claudeCode: claudeCode ?? { skipped: true },
    ...(before
      ? {
          baseline: {
            cli: BASELINE,
            hiColdMs: before.hiColdMs,
            hiWarmMs: before.hiWarmMs,
            ratios: {
              hiCold: round(berth.hiColdMs.median / before.hiColdMs.median, 2),
              hiWarm: round(berth.hiWarmMs.median / before.hiWarmMs.median, 2),
            },
            after: { hiColdMs: berth.hiColdMs, hiWarmMs: berth.hiWarmMs },
            breakdown: { cold: medianRows(baselineBreakdown.cold), warm: medianRows(baselineBreakdown.warm) },
          },
        }
      : {}),
    ratios: {
      hiCold: ratio((f) => f.hiColdMs.median),
      hiColdOverBaselineDaemon: BASELINE_DAEMON
        ? round(berth.hiColdMs.median / berth.hiColdBaselineDaemonMs.median, 2)
        : null,
      hiWarm: ratio((f) => f.hiWarmMs.median),
      steps: ratio((f) => f.stepsMs.median),
      peakRssSteps: ratio((f) => f.peakRssMiB.steps?.median),
    },
    breakdown: {
      cold: medianRows(breakdown.cold),
      ...(BASELINE_DAEMON ? { coldBaseline: medianRows(breakdown.coldBaseline) } : {}),
      warm: medianRows(breakdown.warm),
      steps: medianRows(breakdown.steps),
      perStep: medianRows(breakdown.stepRows.map((s) => s.rows)),
      toolRunMs: Object.fromEntries(Object.entries(toolRun).map(([name, rows]) => [name, stepMs(rows)])),
      // A whole step as the fake model saw it (request k → k+1): the same measure for both.
      stepMs: {
        berth: perStep.length ? stepMs(perStep) : undefined,
        claudeCode: claudeCode ? round(median(samples.claude.steps.flatMap((r) => r.intervals)), 2) : null,
      },
    },
  };
}
