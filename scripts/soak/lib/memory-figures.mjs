// Figures from the daemon's own samples (BERTH_DAEMON_METRICS_FILE, one JSON line per interval):
// memory at the end of warm-up and at the end, the maximum, and the slope after warm-up, so "flat
// after warm-up" is a number (MiB per minute by least squares) rather than two end points.
import { readFileSync } from "node:fs";
import { percentile, round } from "../../bench/lib/common.mjs";

export const mib = (bytes) => round(bytes / 1048576, 1);

export function readSamples(file) {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

/** Least-squares slope of `value` over `time`, in MiB per minute. */
export function slopeMiBPerMin(samples, value) {
  if (samples.length < 2) return 0;
  const xs = samples.map((s) => s.time / 60_000);
  const ys = samples.map((s) => value(s) / 1048576);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : round(num / den, 2);
}

/**
 * `warmUpFraction` of the run (by sample count) is warm-up; the slope is taken over the rest.
 * Samples taken once the load had stopped (after `loadEndedAt`) are left out of the slope.
 */
export function memoryFigures(
  samples,
  { warmUpFraction = 0.25, loadEndedAt = Number.POSITIVE_INFINITY } = {},
) {
  const loaded = samples.filter((s) => s.time <= loadEndedAt);
  const steady = loaded.slice(Math.min(loaded.length - 1, Math.floor(loaded.length * warmUpFraction)));
  const kinds = {
    rss: (s) => s.rssBytes,
    heapUsed: (s) => s.heapUsedBytes,
    heapTotal: (s) => s.heapTotalBytes ?? 0,
    external: (s) => s.externalBytes ?? 0,
  };
  const memory = {};
  for (const [name, value] of Object.entries(kinds)) {
    memory[`${name}MiB`] = {
      afterWarmUp: mib(value(steady[0])),
      end: mib(value(loaded.at(-1))),
      max: mib(Math.max(...samples.map(value))),
      slopeAfterWarmUpMiBPerMin: slopeMiBPerMin(steady, value),
    };
  }
  return {
    memory,
    loopDelayMs: {
      p50: percentile(
        samples.map((s) => s.loopDelayMs.p50),
        50,
      ),
      p99: percentile(
        samples.map((s) => s.loopDelayMs.p99),
        99,
      ),
      max: Math.max(...samples.map((s) => s.loopDelayMs.max)),
    },
    rssMiBOverTime: samples.map((s) => mib(s.rssBytes)),
    heapUsedMiBOverTime: samples.map((s) => mib(s.heapUsedBytes)),
  };
}
