import { describe, expect, it } from "vitest";
import { captureError, DAY, useTempStores } from "./test-helpers.js";

const { tempStore } = useTempStores();

const DAY_MS = 24 * 60 * 60 * 1000;
/** UTC days, or the given ones; the daemon computes local days (apps/daemon/src/spend). */
const utcDays = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const start = from + i * DAY_MS;
    return { key: new Date(start).toISOString().slice(0, 10), start, end: start + DAY_MS };
  });

function seeded() {
  const { store } = tempStore();
  const s = store.createSession({ cwd: "/p" });
  const t0 = Date.UTC(2026, 2, 28, 23, 30); // Sat 23:30 UTC; Europe/Berlin switches to summer time overnight
  const base = {
    provider: "anthropic",
    project: "/p",
    credentialId: "1a2b3c4d",
    credentialLabel: "env:ANTHROPIC_API_KEY",
  };
  store.recordUsage({
    ...base,
    sessionId: s.id,
    model: "claude-sonnet-4-5",
    inputTokens: 100,
    outputTokens: 10,
    cacheReadInputTokens: 5,
    costUsd: 0.5,
    createdAt: t0,
  });
  store.recordUsage({
    ...base,
    sessionId: s.id,
    model: "claude-opus-4-5",
    inputTokens: 50,
    cacheCreationInputTokens: 7,
    costUsd: 1.25,
    createdAt: t0 + DAY,
  });
  store.recordUsage({
    ...base,
    model: "gateway-x",
    project: "/q",
    credentialId: "99ff00aa",
    credentialLabel: "apiKeyHelper",
    inputTokens: 1000,
    outputTokens: 20,
    costUsd: 0,
    priced: false,
    createdAt: t0 + 2 * DAY,
  });
  return { store, t0, sessionId: s.id };
}

describe("costReport", () => {
  it("groups by every dimension and each grouping adds up to the same total", () => {
    const { store } = seeded();
    const totals = ["day", "model", "project", "key", "session"].map(
      (groupBy) =>
        store.costReport({ groupBy: groupBy as "day", days: utcDays(Date.UTC(2026, 2, 28), 3) }).total,
    );
    for (const total of totals) {
      expect(total).toEqual({
        requests: 3,
        inputTokens: 1150,
        outputTokens: 30,
        cacheCreationInputTokens: 7,
        cacheReadInputTokens: 5,
        costUsd: 1.75,
        unpricedRequests: 1,
      });
    }
    const byKey = store
      .costReport({ groupBy: "key" })
      .rows.map((r) => [r.key, r.label, r.requests, r.unpricedRequests]);
    expect(byKey).toEqual([
      ["1a2b3c4d", "env:ANTHROPIC_API_KEY", 2, 0],
      ["99ff00aa", "apiKeyHelper", 1, 1],
    ]);
    // Unknown prices are never summed as a cost.
    const gateway = store.costReport({ groupBy: "model" }).rows.find((r) => r.key === "gateway-x");
    expect(gateway).toMatchObject({ costUsd: 0, unpricedRequests: 1, inputTokens: 1000 });
  });

  it("reports the days it is given, which need not be 24 hours long", () => {
    const { store } = seeded();
    expect(
      store.costReport({ groupBy: "day", days: utcDays(Date.UTC(2026, 2, 28), 3) }).rows.map((r) => r.key),
    ).toEqual(["2026-03-28", "2026-03-29", "2026-03-30"]);
    // Berlin around the spring change: 23:30 UTC is 00:30 on the 29th (CET), then 01:30 (CEST).
    const berlin = [
      { key: "2026-03-28", start: Date.UTC(2026, 2, 27, 23), end: Date.UTC(2026, 2, 28, 23) },
      { key: "2026-03-29", start: Date.UTC(2026, 2, 28, 23), end: Date.UTC(2026, 2, 29, 22) }, // 23 hours
      { key: "2026-03-30", start: Date.UTC(2026, 2, 29, 22), end: Date.UTC(2026, 2, 30, 22) },
      { key: "2026-03-31", start: Date.UTC(2026, 2, 30, 22), end: Date.UTC(2026, 2, 31, 22) },
    ];
    expect(store.costReport({ groupBy: "day", days: berlin }).rows.map((r) => [r.key, r.requests])).toEqual([
      ["2026-03-29", 1],
      ["2026-03-30", 1],
      ["2026-03-31", 1],
    ]);
    expect(() => store.costReport({ groupBy: "day" })).toThrow(/needs the local days/);
    expect(store.firstUsageAt()).toBe(Date.UTC(2026, 2, 28, 23, 30));
  });

  it("filters by time range and project", () => {
    const { store, t0 } = seeded();
    expect(store.costReport({ groupBy: "model", since: t0 + DAY }).total.requests).toBe(2);
    expect(store.costReport({ groupBy: "model", until: t0 + DAY }).total.requests).toBe(1);
    expect(store.costReport({ groupBy: "session", project: "/q" }).rows).toEqual([
      expect.objectContaining({ key: null, requests: 1 }),
    ]);
  });

  it("rejects an unknown grouping and a raw key as a label", () => {
    const { store } = seeded();
    expect((captureError(() => store.costReport({ groupBy: "week" as "day" })) as Error).message).toMatch(
      /Unknown cost grouping 'week'/,
    );
    expect(
      (
        captureError(() =>
          store.recordUsage({
            model: "m",
            provider: "anthropic",
            credentialLabel: `sk-ant-${"x".repeat(30)}`,
          }),
        ) as Error
      ).message,
    ).toMatch(/looks like a secret/);
  });
});
