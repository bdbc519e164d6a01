// The human part of startup.bench.mjs's output: the table (Claude Code, Berth, ratio,
// target) and the breakdown tables. The JSON line carries the same figures.
const cell = (s) => (s ? `${s.median} (p90 ${s.p90})` : "—");
const fixed = (n) => (n == null ? "—" : `${n}`);

function table(header, rows) {
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const row of rows) lines.push(`| ${row.join(" | ")} |`);
  console.log(lines.join("\n"));
}

export function printHeadline(result, { claudeSkipped, canMeasureRss }) {
  const { berth, ratios } = result;
  const cc = result.claudeCode;
  const ratio = (r, target) => (r == null ? "—" : `${r}${r <= target ? "" : " ✗"}`);
  console.log(
    `\nstartup: medians (p90) over ${result.runs} runs each, ms unless marked; fake model, no latency\n`,
  );
  table(
    ["what", "Claude Code", "Berth", "ratio", "target"],
    [
      [
        "`-p hi` cold (no daemon, fresh home)",
        cell(cc.hiColdMs),
        cell(berth.hiColdMs),
        ratio(ratios.hiCold, 0.8),
        "≤ 0.8",
      ],
      [
        "`-p hi` warm (daemon running)",
        cell(cc.hiWarmMs),
        cell(berth.hiWarmMs),
        ratio(ratios.hiWarm, 0.2),
        "≤ 0.2",
      ],
      [
        "20-step task (daemon warm)",
        cell(cc.stepsMs),
        cell(berth.stepsMs),
        ratio(ratios.steps, 0.25),
        "≤ 0.25",
      ],
      [
        "client peak RSS, 20-step task (MiB)",
        cell(cc.peakRssMiB?.steps),
        cell(berth.peakRssMiB.steps),
        ratio(ratios.peakRssSteps, 1),
        "keep (≤ 1)",
      ],
      [
        "client peak RSS, `-p hi` warm (MiB)",
        cell(cc.peakRssMiB?.hiWarm),
        cell(berth.peakRssMiB.hiWarm),
        "—",
        "keep",
      ],
      [
        "`berth --version` vs `node -e 0`",
        `node -e 0: ${cell(berth.nodeMs)}`,
        cell(berth.versionMs),
        `+${berth.versionOverNodeMs} ms`,
        "≤ +40 ms",
      ],
      ["idle daemon RSS after the runs (MiB)", "—", fixed(berth.idleDaemonRssMiB), "—", "—"],
    ],
  );
  if (berth.hiColdBaselineDaemonMs) {
    console.log(
      `\n\`-p hi\` cold with the baseline daemon (${berth.baselineDaemon}): ${cell(berth.hiColdBaselineDaemonMs)}; ` +
        `this build / baseline: ${ratios.hiColdOverBaselineDaemon}`,
    );
  }
  if (claudeSkipped) {
    console.log(
      "\nClaude Code comparison skipped: set BENCH_CLAUDE_CODE to a `claude` executable, e.g. " +
        "`npm i --prefix /tmp/cc @anthropic-ai/claude-code` then " +
        "BENCH_CLAUDE_CODE=/tmp/cc/node_modules/@anthropic-ai/claude-code-linux-x64/claude (the native " +
        "binary is in the platform package).",
    );
  }
  if (!canMeasureRss) console.log("peak RSS: skipped (needs Linux and /usr/bin/time)");
}

export function printBreakdown(b) {
  console.log(
    "\nbreakdown (medians, ms; from BERTH_TIMINGS / BERTH_DAEMON_TIMINGS marks and the fake's request log)\n",
  );
  const names = [...new Set([...b.cold, ...b.warm, ...b.steps].map(([name]) => name))];
  const of = (rows, name) => fixed(rows.find(([n]) => n === name)?.[1]);
  const base = b.coldBaseline;
  table(
    ["phase", ...(base ? ["cold, baseline daemon"] : []), "`-p hi` cold", "`-p hi` warm", "20-step task"],
    names.map((name) => [
      name,
      ...(base ? [of(base, name)] : []),
      of(b.cold, name),
      of(b.warm, name),
      of(b.steps, name),
    ]),
  );
  console.log("");
  table(
    ["per tool step (median over all steps)", "ms"],
    [
      ...b.perStep.map(([name, ms]) => [name, fixed(ms)]),
      ...Object.entries(b.toolRunMs).map(([name, ms]) => [`tool runs: ${name}`, fixed(ms)]),
      ["whole step, Claude Code (same fake)", fixed(b.stepMs.claudeCode)],
    ],
  );
}
