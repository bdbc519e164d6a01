import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRetentionPeriod } from "./retention-period";

function setup(user?: object | string, managed?: object) {
  const dir = mkdtempSync(join(tmpdir(), "berth-retention-"));
  const home = join(dir, "home");
  mkdirSync(home);
  if (user !== undefined)
    writeFileSync(join(home, "settings.json"), typeof user === "string" ? user : JSON.stringify(user));
  const managedPath = join(dir, "managed.json");
  if (managed) writeFileSync(managedPath, JSON.stringify(managed));
  return { berthHome: home, homeDir: dir, managedPaths: [managedPath], env: {} };
}

describe("readRetentionPeriod", () => {
  it("defaults to 30 days", () => {
    expect(readRetentionPeriod(setup())).toEqual({ days: 30, source: "default", problems: [] });
  });
  it("reads the user settings file", () => {
    const o = setup({ cleanupPeriodDays: 7 });
    expect(readRetentionPeriod(o)).toMatchObject({ days: 7, source: join(o.berthHome, "settings.json") });
  });
  it("lets managed policy win over the user file", () => {
    const o = setup({ cleanupPeriodDays: 90 }, { cleanupPeriodDays: 3 });
    expect(readRetentionPeriod(o)).toMatchObject({ days: 3, source: o.managedPaths[0] });
  });
  it("rejects 0 with a message naming the no-persistence options", () => {
    const o = setup({ cleanupPeriodDays: 0 });
    const period = readRetentionPeriod(o);
    expect(period.days).toBe(30);
    expect(period.problems.join("\n")).toMatch(/--no-session-persistence/);
    expect(period.problems.join("\n")).toMatch(/CLAUDE_CODE_SKIP_PROMPT_HISTORY/);
  });
});
