#!/usr/bin/env node
// The spend-limit check the daemon runs before every model request (and the bookkeeping after
// it), on a real ledger of 100,000 rows with 8 live sessions under daily, monthly, session and
// --max-budget-usd limits. Baseline, same run: one streamed request to the fake model with no
// latency through the official SDK, the cheapest model request there is. The ratio is the
// check's share of such a request; against a real model it is smaller still.
import { join } from "node:path";
import { makeWorld, median, report, ROOT, round } from "./lib/common.mjs";
import { loadSessionsDriver } from "./lib/sessions-bundle.mjs";

const ROWS = Number(process.env.BENCH_LEDGER_ROWS ?? 100_000);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 200_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);

const { driver: d, dispose } = await loadSessionsDriver(join(ROOT, "scripts/bench/lib/spend-driver.mjs"));
const world = makeWorld("berth-bench-spend-");
const fake = await d.fakeModel();
try {
  const db = join(world.home, "berth.db");
  d.seedUsage(db, { rows: ROWS, days: 365 });
  const store = d.openLedger(db);
  const { tracker, ids } = d.spendTracker(store, 8);

  // Per request the daemon calls check() before sending and record() after the usage arrives.
  const perRequest = (i) => {
    const id = ids[i % ids.length];
    if (tracker.check(id) !== undefined) throw new Error("a limit was reached in the benchmark");
    tracker.record(id, 0.0001);
  };
  for (let i = 0; i < 1000; i++) perRequest(i);
  const t0 = d.now();
  for (let i = 0; i < CHECKS; i++) perRequest(i);
  const checkUs = ((d.now() - t0) * 1000) / CHECKS;

  for (let i = 0; i < 5; i++) await fake.request();
  const requestMs = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = d.now();
    await fake.request();
    requestMs.push(d.now() - t);
  }
  store.close();
  const baselineMs = median(requestMs);
  const result = {
    bench: "spend-check",
    ledgerRows: ROWS,
    liveSessions: ids.length,
    checks: CHECKS,
    checkAndRecordUs: round(checkUs, 2),
    fakeRequestMedianMs: round(baselineMs, 2),
    overheadPercentOfFakeRequest: round((checkUs / 1000 / baselineMs) * 100, 3),
  };
  console.log(
    `spend check + record per model request: ${result.checkAndRecordUs} µs (${CHECKS} requests, 8 live sessions, ` +
      `4 limits each); one fake-model request: ${result.fakeRequestMedianMs} ms; overhead ${result.overheadPercentOfFakeRequest}%`,
  );
  report(result);
} finally {
  await fake.close();
  await world.dispose();
  dispose();
}
