import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "@berth/store";
import { waitFor } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { startTestDaemon, type TestDaemon } from "./harness";

// The start-up sweep never runs for a dry run, a lowered period asks before a large deletion,
// and what a sweep removed reaches the next session client even across a daemon restart.

const DAY = 24 * 60 * 60 * 1000;
let t: TestDaemon | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

function seedMany(db: string, cwd: string, count: number, daysAgo: number): string[] {
  const store = openStore({ path: db, now: () => Date.now() - daysAgo * DAY });
  const ids = Array.from({ length: count }, (_, i) => store.createSession({ cwd, title: `old ${i}` }).id);
  store.close();
  return ids;
}

const sessionsLeft = (d: TestDaemon) => d.daemon.store.listSessions({ limit: 1000 }).sessions.length;

describe("start-up retention sweep", () => {
  it("waits while only a dry run has connected, and runs for the first client that allows it", async () => {
    t = await startTestDaemon({
      userSettings: { cleanupPeriodDays: 2 },
      daemon: { retentionIntervalMs: 0 },
      beforeStart: ({ db, project }) => void seedMany(db, project, 3, 7),
    });
    const dry = await t.connect("dry run", "defer");
    const preview = await dry.request("history/prune", { dryRun: true });
    expect(preview).toMatchObject({ dryRun: true, count: 3, cleanupPeriodDays: 2 });
    expect(sessionsLeft(t)).toBe(3);
    expect(t.daemon.store.listRetentionLog({ limit: 1 })).toEqual([]);

    const next = await t.connect("sessions");
    expect(sessionsLeft(t)).toBe(0);
    expect(next.notices.map((n) => n.code)).toEqual(["retention_sweep"]);
    expect(next.notices[0]?.message).toMatch(/removed 3 sessions inactive for more than 2 days/);
  });

  it("runs after the grace period when no client lets it, and keeps the notice on disk for the next session client", async () => {
    t = await startTestDaemon({
      userSettings: { cleanupPeriodDays: 2 },
      daemon: { retentionIntervalMs: 0, retentionStartGraceMs: 200 },
      beforeStart: ({ db, project }) => void seedMany(db, project, 2, 9),
    });
    await waitFor(() => sessionsLeft(t as TestDaemon) === 0);
    const state = JSON.parse(readFileSync(join(t.home, "retention-state.json"), "utf8"));
    expect(state).toMatchObject({ lastSweptDays: 2, pendingNotices: [{ code: "retention_sweep" }] });

    await t.restart();
    // A dry run sees no durable notice and leaves it for a session client.
    expect((await t.connect("dry run", "defer")).notices).toEqual([]);
    const session = await t.connect("print");
    expect(session.notices.map((n) => n.code)).toEqual(["retention_sweep"]);
    expect((await t.connect("print again")).notices).toEqual([]);
  });

  it("asks an interactive client before deleting many sessions after the period was lowered", async () => {
    t = await startTestDaemon({
      userSettings: { cleanupPeriodDays: 30 },
      daemon: { retentionIntervalMs: 0 },
      beforeStart: ({ db, project }) => void seedMany(db, project, 25, 10),
    });
    await t.connect("first");
    const statePath = join(t.home, "retention-state.json");
    await waitFor(() => JSON.parse(readFileSync(statePath, "utf8")).lastSweptDays === 30);
    expect(sessionsLeft(t)).toBe(25); // 10 days < 30: nothing due

    writeFileSync(join(t.home, "settings.json"), JSON.stringify({ cleanupPeriodDays: 3 }));
    await t.restart();
    const interactive = await t.connect("berth", "confirm");
    expect(interactive.retentionConfirmation).toMatchObject({
      count: 25,
      cleanupPeriodDays: 3,
      previousDays: 30,
      source: expect.stringMatching(/settings\.json$/),
    });
    // A print run meanwhile does not override the pending question.
    await t.connect("print");
    expect(sessionsLeft(t)).toBe(25);

    expect(await interactive.request("history/confirmSweep", { approve: false })).toEqual({ sweep: null });
    expect(sessionsLeft(t)).toBe(25);
    expect((await t.connect("berth again", "confirm")).retentionConfirmation).toBeNull();

    await t.restart();
    const asked = await t.connect("berth", "confirm");
    expect(asked.retentionConfirmation?.count).toBe(25);
    const { sweep } = await asked.request("history/confirmSweep", { approve: true });
    expect(sweep).toMatchObject({ removedSessions: 25, cleanupPeriodDays: 3 });
    expect(sessionsLeft(t)).toBe(0);
  });

  it("proceeds in print mode over the threshold and says nobody could be asked", async () => {
    t = await startTestDaemon({
      userSettings: { cleanupPeriodDays: 3 },
      daemon: { retentionIntervalMs: 0 },
      beforeStart: ({ db, home, project }) => {
        seedMany(db, project, 21, 10);
        writeFileSync(
          join(home, "retention-state.json"),
          JSON.stringify({ version: 1, lastSweptDays: 30, pendingNotices: [] }),
        );
      },
    });
    const print = await t.connect("print", "sweep");
    expect(sessionsLeft(t)).toBe(0);
    expect(print.notices[0]?.message).toMatch(/removed 21 sessions .*nobody could be asked/);
  });

  it("treats a damaged state file as no record (asks) and never fails to start", async () => {
    t = await startTestDaemon({
      userSettings: { cleanupPeriodDays: 3 },
      daemon: { retentionIntervalMs: 0 },
      beforeStart: ({ db, home, project }) => {
        seedMany(db, project, 22, 10);
        writeFileSync(join(home, "retention-state.json"), "{not json");
      },
    });
    const conn = await t.connect("berth", "confirm");
    expect(conn.retentionConfirmation).toMatchObject({ count: 22, previousDays: null });
    expect(sessionsLeft(t)).toBe(22);
  });
});
