import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SpendLimits } from "@berth/config";
import type { DaemonNotice } from "@berth/protocol";
import { openStore, type Store } from "@berth/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localPeriods } from "./local-period";
import { SpendTracker } from "./spend-tracker";

const MANAGED = "/etc/claude-code/managed-settings.json";
const daily = (usd: number, warnAtFraction = 0.8): SpendLimits => ({
  limits: [{ key: "dailyUsd", usd, layer: "managed", file: MANAGED }],
  warnAtFraction,
});

let dir: string;
let store: Store;
let clock: { t: number };
const savedTz = process.env.TZ;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "berth-spend-"));
  clock = { t: 0 };
  store = openStore({ path: join(dir, "berth.db"), now: () => clock.t });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

function tracker() {
  const notices: DaemonNotice[] = [];
  const spend = new SpendTracker({ store, publish: (n) => notices.push(n), now: () => clock.t });
  /** As the daemon does after each request: the tracker, then the ledger row. */
  const spendOn = (sessionId: string | null, usd: number) => {
    spend.record(sessionId, usd);
    store.recordUsage({ model: "claude-test", provider: "anthropic", costUsd: usd });
  };
  return { spend, notices, spendOn };
}

describe("SpendTracker", () => {
  it("warns once at warnAtFraction, refuses at the limit naming limit, value, spend and file", () => {
    process.env.TZ = "UTC";
    clock.t = Date.UTC(2026, 4, 10, 9);
    const { spend, notices, spendOn } = tracker();
    spend.register("s1", { limits: () => daily(1) });
    spend.register("s2", { limits: () => daily(1) });
    spendOn("s1", 0.5);
    expect(notices).toEqual([]);
    expect(spend.check("s2")).toBeUndefined();
    spendOn("s2", 0.35);
    spendOn("s1", 0.05);
    expect(notices).toEqual([
      { level: "warning", code: "spend_warning", message: expect.stringContaining("85% of dailyUsd $1.00") },
    ]);
    spendOn("s1", 0.2);
    // Both sessions are refused: limits count every session of the user.
    for (const id of ["s1", "s2"]) {
      expect(spend.check(id)).toBe(
        `Spend limit reached: dailyUsd is $1.00 (set in ${MANAGED}) and $1.10 has been spent today (local time). ` +
          "Model requests are refused until tomorrow, unless the limit is raised.",
      );
    }
    expect(notices.map((n) => n.code)).toEqual(["spend_warning", "spend_limit_reached"]);
  });

  it("counts a session limit and --max-budget-usd per session only", () => {
    process.env.TZ = "UTC";
    clock.t = Date.UTC(2026, 4, 10, 9);
    const { spend, spendOn } = tracker();
    const perSession: SpendLimits = {
      limits: [{ key: "sessionUsd", usd: 1, layer: "user", file: "/u.json" }],
      warnAtFraction: 0.8,
    };
    spend.register("a", { limits: () => perSession });
    spend.register("b", { limits: () => perSession, maxBudgetUsd: 0.25 });
    spendOn("a", 0.9);
    expect(spend.check("a")).toBeUndefined();
    expect(spend.check("b")).toBeUndefined();
    spendOn("b", 0.3);
    expect(spend.check("a")).toBeUndefined();
    expect(spend.check("b")).toMatch(
      /maxBudgetUsd is \$0.25 \(set by --max-budget-usd\) and \$0.30 has been spent in this run/,
    );
    spendOn("a", 0.1);
    expect(spend.check("a")).toMatch(/sessionUsd is \$1.00 \(set in \/u.json\)/);
  });

  it("says once per model that requests without a known price cannot count toward a limit", () => {
    const { spend, notices } = tracker();
    spend.register("s", { limits: () => daily(1) });
    spend.register("free", { limits: () => ({ limits: [], warnAtFraction: 0.8 }) });
    spend.record("free", 0, "gateway-x");
    expect(notices).toEqual([]);
    spend.record("s", 0, "gateway-x");
    spend.record("s", 0, "gateway-x");
    expect(notices).toEqual([
      {
        level: "warning",
        code: "spend_unpriced_model",
        message:
          'Requests to gateway-x have no known price, so spend limits cannot count them. Add "gateway-x" to modelPrices in settings (US dollars per million tokens).',
      },
    ]);
  });

  it("fails closed when managed policy's limit is invalid", () => {
    const { spend } = tracker();
    spend.register("s", {
      limits: () => ({
        limits: [],
        warnAtFraction: 0.8,
        failure: "Managed policy has an invalid spend limit",
      }),
    });
    expect(spend.check("s")).toBe("Managed policy has an invalid spend limit");
  });

  it("rolls the day and the month at local midnight, and when the clock or time zone changes", () => {
    process.env.TZ = "America/New_York";
    clock.t = Date.UTC(2026, 0, 31, 23); // 18:00 on Jan 31st in New York
    const { spend, spendOn } = tracker();
    const limits: SpendLimits = {
      limits: [
        { key: "dailyUsd", usd: 1, layer: "managed", file: MANAGED },
        { key: "monthlyUsd", usd: 2, layer: "managed", file: MANAGED },
      ],
      warnAtFraction: 0.8,
    };
    spend.register("s", { limits: () => limits });
    spendOn("s", 1);
    expect(spend.check("s")).toMatch(/dailyUsd/);
    clock.t = Date.UTC(2026, 1, 1, 4, 59); // 23:59 local: still Jan 31st
    expect(spend.check("s")).toMatch(/dailyUsd/);
    clock.t = Date.UTC(2026, 1, 1, 5, 1); // 00:01 on Feb 1st local: a new day and a new month
    expect(spend.check("s")).toBeUndefined();
    expect([spend.todayUsd(), spend.monthUsd()]).toEqual([0, 0]);
    spendOn("s", 0.5);
    // The clock is set back: January's spend counts again, read from the ledger (later rows do not).
    clock.t = Date.UTC(2026, 0, 31, 23, 30);
    expect([spend.todayUsd(), spend.monthUsd()]).toEqual([1, 1]);
    // Seen from Tokyo, where it is already Feb 1st: both requests fall on that day (a time-zone
    // change is picked up within a second).
    process.env.TZ = "Asia/Tokyo";
    clock.t += 1000;
    expect(localPeriods(clock.t).dayKey).toBe("2026-02-01");
    expect(spend.todayUsd()).toBe(1.5);
  });
});

describe("localDays", () => {
  it("gives 23- and 25-hour days across daylight-saving changes", async () => {
    const { localDays } = await import("./local-period");
    process.env.TZ = "Europe/Berlin";
    const days = localDays(Date.UTC(2026, 2, 28, 12), Date.UTC(2026, 2, 30, 12));
    expect(days.map((d) => [d.key, (d.end - d.start) / 3_600_000])).toEqual([
      ["2026-03-28", 24],
      ["2026-03-29", 23],
      ["2026-03-30", 24],
    ]);
    const autumn = localDays(Date.UTC(2026, 9, 25, 12), Date.UTC(2026, 9, 25, 13));
    expect(autumn.map((d) => [d.key, (d.end - d.start) / 3_600_000])).toEqual([["2026-10-25", 25]]);
  });
});
