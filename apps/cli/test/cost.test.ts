// `berth cost` and `--max-budget-usd` through the built CLI, its real daemon and the fake model.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type FakeAnthropic, startFakeAnthropic, text, toolUse, turn } from "@berth/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, runCli, type Sandbox } from "./support/cli";
import { ensureBuilt } from "./support/paths";

let sandbox: Sandbox;
let fake: FakeAnthropic;
let project: string;

beforeAll(async () => {
  await ensureBuilt();
  sandbox = makeSandbox();
  fake = await startFakeAnthropic();
  project = sandbox.project();
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await sandbox?.cleanup();
});

const berth = (args: string[]) => runCli(args, { cwd: project, env: sandbox.env(fake.url) });
const MODEL = "claude-sonnet-4-5-20250929";

describe("berth cost", () => {
  it("stops a print run at --max-budget-usd with an error_max_budget_usd result, then reports the spend", async () => {
    writeFileSync(join(project, "a.txt"), "a\n");
    fake.enqueue(
      {
        ...turn(toolUse("Read", { file_path: join(project, "a.txt") })),
        usage: { input_tokens: 100_000, output_tokens: 0 },
      },
      turn(text("never sent")),
    );
    const run = await berth([
      "-p",
      "read a.txt",
      "--model",
      MODEL,
      "--max-budget-usd",
      "0.25",
      "--output-format",
      "json",
    ]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ type: "result", subtype: "error_max_budget_usd", is_error: true });
    expect(result.errors[0]).toMatch(
      /^Spend limit reached: maxBudgetUsd is \$0\.25 \(set by --max-budget-usd\) and \$0\.30 has been spent in this run/,
    );
    expect(fake.requests).toHaveLength(1);

    const json = await berth(["cost", "--by", "model", "--json"]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.rows).toEqual([expect.objectContaining({ key: MODEL, requests: 1, inputTokens: 100_000 })]);
    expect(report.total.costUsd).toBeCloseTo(0.3, 10);

    const table = await berth(["cost", "--since", "7d"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Cost by day, /);
    expect(table.stdout).toMatch(/\ntotal +1 +100,000 +0 +0 +0 +\$0\.30\n/);
    expect(table.stdout).toMatch(/█+ +\$0\.30/);

    const csv = await berth(["cost", "--by", "key", "--csv", "--folder"]);
    expect(csv.stdout.split("\n")[0]).toBe(
      "key,label,requests,input_tokens,output_tokens,cache_creation_input_tokens,cache_read_input_tokens,cost_usd,unpriced_requests",
    );
    expect(csv.stdout).toMatch(/\n[0-9a-f]{8},env:ANTHROPIC_API_KEY,1,100000,0,0,0,0\.3,0\n/);
    expect(csv.stdout).not.toContain("test");
  }, 120_000);

  it("rejects an unknown --by value and a bad date", async () => {
    const by = await berth(["cost", "--by", "week"]);
    expect(by.code).not.toBe(0);
    expect(by.stderr).toContain("unknown value 'week': use one of day, model, project, key, session.");
    const since = await berth(["cost", "--since", "2026-02-30"]);
    expect(since.code).not.toBe(0);
    expect(since.stderr).toContain("'2026-02-30' is not a date");
  }, 60_000);
});
