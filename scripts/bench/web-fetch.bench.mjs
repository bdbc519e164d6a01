#!/usr/bin/env node
// WebFetch of a 1 MB HTML page end to end through the real daemon against the fake model: the
// turn that asks for it (two main requests), the fetch, Readability + Turndown, and the side
// request with the small fast model. Baseline: a plain fetch of the same page in the same run.
// Also shown: the same question again, answered from the 15-minute page cache.
import { loadDriver } from "./lib/bundle-driver.mjs";
import { DAEMON, makeWorld, report, requireBuilt, round } from "./lib/common.mjs";

const PAGE_BYTES = Number(process.env.BENCH_PAGE_BYTES ?? 1024 * 1024);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);

requireBuilt();
const { driver, dispose } = await loadDriver("scripts/bench/lib/web-fetch-driver.mjs");
const world = makeWorld("berth-bench-web-");
try {
  const { pageBytes, samples } = await driver.measure({
    world,
    daemonEntry: DAEMON,
    pageBytes: PAGE_BYTES,
    repeats: REPEATS,
  });
  const median = (pick) => {
    const values = samples.map(pick).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)];
  };
  const turnMs = median((s) => s.fresh.wallMs);
  const toolMs = median((s) => s.fresh.toolMs);
  const cachedTurnMs = median((s) => s.cached.wallMs);
  const cachedToolMs = median((s) => s.cached.toolMs);
  const plainFetchMs = median((s) => s.plain.ms);
  const result = {
    bench: "web-fetch",
    repeats: REPEATS,
    pageKiB: round(pageBytes / 1024),
    turnMs: round(turnMs),
    webFetchToolMs: round(toolMs),
    cachedTurnMs: round(cachedTurnMs),
    cachedToolMs: round(cachedToolMs),
    plainFetchMs: round(plainFetchMs),
    toolToPlainFetchRatio: round(toolMs / plainFetchMs, 1),
    sideRequestKiB: round(median((s) => s.sideRequestBytes) / 1024),
  };
  console.log(
    `WebFetch of a ${result.pageKiB} KiB page: turn ${result.turnMs} ms, of which the tool ${result.webFetchToolMs} ms ` +
      `(fetch + Readability/Turndown + side request of ${result.sideRequestKiB} KiB)`,
  );
  console.log(`cached (same URL again): turn ${result.cachedTurnMs} ms, tool ${result.cachedToolMs} ms`);
  console.log(
    `baseline: plain fetch of the same page ${result.plainFetchMs} ms; tool / baseline = ${result.toolToPlainFetchRatio}x (median of ${REPEATS})`,
  );
  report(result);
} finally {
  await world.dispose();
  dispose();
}
