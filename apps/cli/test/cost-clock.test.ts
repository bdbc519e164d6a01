// The day and month of spend limits roll with the clock: the built daemon runs under libfaketime
// (its clock read from a file this test rewrites), as a user's machine crosses midnight at the
// end of a month or has its clock changed. Needs the `faketime` package (.ci/run installs it).
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type FakeAnthropic, startFakeAnthropic, text, turn } from "@berth/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, runCli, type Sandbox } from "./support/cli";
import { ensureBuilt } from "./support/paths";

const LIBFAKETIME = [
  "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
  "/usr/lib/faketime/libfaketime.so.1",
].find((p) => existsSync(p));

let sandbox: Sandbox;
let fake: FakeAnthropic;
let project: string;
let clockFile: string;
let env: Record<string, string>;

const MODEL = "claude-sonnet-4-5-20250929";
const setClock = (at: string) => writeFileSync(clockFile, `@${at}\n`);

describe.skipIf(!LIBFAKETIME)("spend periods under a changing clock (faketime)", () => {
  beforeAll(async () => {
    await ensureBuilt();
    sandbox = makeSandbox();
    fake = await startFakeAnthropic();
    project = sandbox.project();
    clockFile = join(sandbox.root, "clock");
    const managed = join(sandbox.root, "managed-settings.json");
    writeFileSync(managed, JSON.stringify({ spendLimits: { dailyUsd: 0.25, monthlyUsd: 0.5 } }));
    setClock("2026-01-31 23:58:00");
    env = sandbox.env(fake.url, {
      TZ: "UTC",
      BERTH_MANAGED_SETTINGS_PATH: managed,
      LD_PRELOAD: LIBFAKETIME as string,
      FAKETIME_TIMESTAMP_FILE: clockFile,
      FAKETIME_CACHE_DURATION: "1",
      // Timers keep the real monotonic clock; only the wall clock (days, months) is fake.
      FAKETIME_DONT_FAKE_MONOTONIC: "1",
    });
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    await sandbox?.cleanup();
  });

  const print = (prompt: string) =>
    runCli(["-p", prompt, "--model", MODEL, "--output-format", "json"], { cwd: project, env });
  // $0.30 at Sonnet 4.5's $3 per million input tokens.
  const costly = () =>
    fake.enqueue({ ...turn(text("ok")), usage: { input_tokens: 100_000, output_tokens: 0 } });

  it("refuses past the daily limit, then a new day (and month) at midnight allows requests again", async () => {
    costly();
    expect((await print("first")).code).toBe(0);
    const refused = await print("second");
    expect(refused.code).toBe(1);
    const result = JSON.parse(refused.stdout);
    expect(result.subtype).toBe("error_max_budget_usd");
    expect(result.errors[0]).toMatch(
      /^Spend limit reached: dailyUsd is \$0\.25 .* and \$0\.30 has been spent today/,
    );
    expect(fake.requests).toHaveLength(1);

    // Midnight on the last day of January: a new day and a new month.
    setClock("2026-02-01 00:00:30");
    costly();
    // libfaketime re-reads the clock file at most once a second per process; on a loaded machine
    // the daemon may take longer to notice. Until it does, the request is refused without reaching
    // the model, so retrying changes nothing the assertions below look at.
    let next = await print("third");
    for (let i = 0; i < 10 && next.code !== 0; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      next = await print("third");
    }
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(fake.requests).toHaveLength(2);
    const report = JSON.parse(
      (await runCli(["cost", "--by", "day", "--json", "--since", "2026-01-01"], { cwd: project, env }))
        .stdout,
    );
    expect(report.rows.map((r: { key: string; costUsd: number }) => [r.key, r.costUsd])).toEqual([
      ["2026-01-31", expect.closeTo(0.3, 10)],
      ["2026-02-01", expect.closeTo(0.3, 10)],
    ]);

    // The clock is set back into January: that day's spend counts again.
    setClock("2026-01-31 23:59:00");
    await new Promise((r) => setTimeout(r, 1500));
    const back = await print("back in january");
    expect(back.code).toBe(1);
    expect(JSON.parse(back.stdout).errors[0]).toMatch(/dailyUsd is \$0\.25 .* \$0\.30 has been spent today/);
    expect(fake.requests).toHaveLength(2);
  }, 180_000);
});
