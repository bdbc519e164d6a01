import { describe, expect, it } from "vitest";
import { captureError, DAY, useTempStores } from "./test-helpers.js";

const { tempStore } = useTempStores();

/** Local days in a named zone, as the daemon computes them. */
function dayIn(timeZone: string) {
  const fmt = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return (ms: number) => fmt.format(ms);
}

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
      (groupBy) => store.costReport({ groupBy: groupBy as "day" }).total,
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

  it("folds requests into local days, across a daylight-saving change", () => {
    const { store } = seeded();
    expect(store.costReport({ groupBy: "day" }).rows.map((r) => r.key)).toEqual([
      "2026-03-28",
      "2026-03-29",
      "2026-03-30",
    ]);
    // 23:30 UTC is 00:30 in Berlin (CET) and 01:30 the next nights (CEST).
    expect(
      store
        .costReport({ groupBy: "day", dayOf: dayIn("Europe/Berlin") })
        .rows.map((r) => [r.key, r.requests]),
    ).toEqual([
      ["2026-03-29", 1],
      ["2026-03-30", 1],
      ["2026-03-31", 1],
    ]);
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
