// Spend limits end to end: a real daemon, real store, the official SDK against the fake model
// with known usage. Three sessions share one managed daily limit; the third is stopped mid-turn.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DaemonNotice } from "@berth/protocol";
import { text, toolUse, turn, waitFor } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { openSession, startTestDaemon, type TestDaemon } from "./harness";

let t: TestDaemon;
afterEach(async () => t?.stop());

// Sonnet 4.5 list prices: $3 / M input, $15 / M output.
const MODEL = "claude-sonnet-4-5-20250929";
const cost = (input: number, output: number) => (input * 3 + output * 15) / 1_000_000;
const usage = (input_tokens: number, output_tokens: number) => ({ usage: { input_tokens, output_tokens } });

describe("spend limits", () => {
  it("a managed dailyUsd limit stops the third of three sessions mid-turn; a user raise is ignored and reported", async () => {
    t = await startTestDaemon({
      managedSettings: { spendLimits: { dailyUsd: 1 } },
      userSettings: { spendLimits: { dailyUsd: 500 } },
    });
    writeFileSync(join(t.project, "notes.txt"), "hello\n");
    const conn = await t.connect();
    const notices: DaemonNotice[] = [];
    conn.onNotification("daemon/notice", (n) => notices.push(n));

    // Session 1: $0.30. Session 2: $0.60 (90% of the limit: a warning).
    const spent = [cost(100_000, 0), cost(100_000, 20_000)];
    for (const [input, output] of [
      [100_000, 0],
      [100_000, 20_000],
    ] as const) {
      const { view, rec } = await openSession(t, conn, { model: MODEL });
      t.fake.enqueue({ ...turn(text("done")), ...usage(input, output) });
      await view.send("go");
      await rec.waitFor("turn_completed");
    }
    await waitFor(() => notices.find((n) => n.code === "spend_warning"), { description: "the 80% warning" });
    expect(notices.find((n) => n.code === "spend_warning")?.message).toContain("90% of dailyUsd $1.00");

    // Session 3: the first request passes the limit; the tool it asked for still runs and is
    // answered, then the next request is refused.
    const third = await openSession(t, conn, { model: MODEL });
    t.fake.enqueue(
      {
        ...turn(text("Reading."), toolUse("Read", { file_path: join(t.project, "notes.txt") })),
        ...usage(100_000, 0),
      },
      turn(text("never sent")),
    );
    spent.push(cost(100_000, 0));
    await third.view.send("read notes.txt");
    const failed = await third.rec.waitFor("turn_failed");
    const total = spent.reduce((a, b) => a + b, 0);
    const managed = join(t.root, "managed-settings.json");
    expect(failed.error).toEqual({
      code: "spend_limit",
      message:
        `Spend limit reached: dailyUsd is $1.00 (set in ${managed}) and $${total.toFixed(2)} has been spent today ` +
        "(local time). Model requests are refused until tomorrow, unless the limit is raised.",
      retryable: false,
    });
    expect(t.fake.requests).toHaveLength(3);
    expect(t.fake.remaining).toBe(1);
    const tool = third.rec.events.map((n) => n.event).find((e) => e.type === "tool_result");
    expect(tool).toMatchObject({ name: "Read", isError: false });
    // History ends with the complete tool result: nothing half-written.
    const { messages } = await conn.request("session/messages", { sessionId: third.view.sessionId });
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(JSON.stringify(messages.at(-1)?.content)).toContain("tool_result");
    await waitFor(() => notices.find((n) => n.code === "spend_limit_reached"), {
      description: "limit notice",
    });

    // Every session is refused now, before any request is sent.
    const again = await openSession(t, conn, { model: MODEL });
    await again.view.send("one more");
    expect((await again.rec.waitFor("turn_failed")).error.code).toBe("spend_limit");
    expect(t.fake.requests).toHaveLength(3);

    // The user's raise is ignored and `berth config` (config/get) says so.
    const config = await conn.request("config/get", { cwd: t.project });
    const raise = config.diagnostics.find((d) => d.code === "spend-limit-raise-ignored");
    expect(raise).toMatchObject({ file: join(t.home, "settings.json"), keyPath: "spendLimits.dailyUsd" });
    expect(config.effective.spendLimits).toMatchObject({ dailyUsd: 1 });

    // /cost for the third session.
    const status = await conn.request("cost/status", { cwd: t.project, sessionId: third.view.sessionId });
    expect(status.session?.costUsd).toBeCloseTo(spent[2] as number, 10);
    expect(status.today.costUsd).toBeCloseTo(total, 10);
    expect(status.limits).toEqual([
      { key: "dailyUsd", usd: 1, spentUsd: expect.closeTo(total, 10), file: managed, layer: "managed" },
    ]);
    expect(status.refusal).toMatch(/^Spend limit reached: dailyUsd/);

    // Reports: the total is the sum of usage x price, and every grouping adds up to it.
    for (const groupBy of ["day", "model", "project", "key", "session"] as const) {
      const report = await conn.request("cost/report", { groupBy });
      expect(report.total.costUsd, groupBy).toBeCloseTo(total, 10);
      expect(report.total.requests, groupBy).toBe(3);
      expect(report.total.inputTokens).toBe(300_000);
      expect(
        report.rows.reduce((a, r) => a + r.costUsd, 0),
        groupBy,
      ).toBeCloseTo(total, 10);
    }
    const byKey = await conn.request("cost/report", { groupBy: "key" });
    expect(byKey.rows).toEqual([
      expect.objectContaining({
        key: expect.stringMatching(/^[0-9a-f]{8}$/),
        label: "env:ANTHROPIC_API_KEY",
      }),
    ]);
    expect(JSON.stringify(byKey)).not.toContain("test-key");
  }, 60_000);

  it("an invalid managed limit fails closed: no model call, a message naming the file and key", async () => {
    t = await startTestDaemon({ managedSettings: { spendLimits: { dailyUsd: -5 }, model: MODEL } });
    const conn = await t.connect();
    const { view, rec } = await openSession(t, conn);
    t.fake.enqueue(turn(text("never sent")));
    await view.send("hi");
    const failed = await rec.waitFor("turn_failed");
    expect(failed.error.message).toMatch(
      /^Managed policy has an invalid spend limit, so model calls are refused/,
    );
    expect(failed.error.message).toContain("spendLimits.dailyUsd");
    expect(t.fake.requests).toHaveLength(0);
  }, 30_000);

  it("counts a model without a known price by its tokens, never as $0 spend", async () => {
    t = await startTestDaemon({
      userSettings: { modelPrices: { "gateway-priced": { input: 1, output: 2 } } },
    });
    const conn = await t.connect();
    for (const model of ["gateway-unknown", "gateway-priced"]) {
      const { view, rec } = await openSession(t, conn, { model });
      t.fake.enqueue({ ...turn(text("ok")), ...usage(1_000_000, 0) });
      await view.send("hi");
      await rec.waitFor("turn_completed");
    }
    const report = await conn.request("cost/report", { groupBy: "model" });
    expect(report.rows).toEqual([
      expect.objectContaining({ key: "gateway-priced", costUsd: 1, unpricedRequests: 0 }),
      expect.objectContaining({
        key: "gateway-unknown",
        costUsd: 0,
        unpricedRequests: 1,
        inputTokens: 1_000_000,
      }),
    ]);
  }, 30_000);
});
