// Rule advice, hostile repository git config and hard links, through a real daemon.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { text, toolUse, turn } from "@berth/testkit";
import { openSession, startTestDaemon, type TestDaemon } from "./harness";

let t: TestDaemon;
afterEach(async () => t?.stop());

function projectSettings(settings: object): void {
  mkdirSync(join(t.project, ".claude"), { recursive: true });
  writeFileSync(join(t.project, ".claude", "settings.json"), JSON.stringify(settings, null, 2));
}

describe("advice on wrapper-only allow rules", () => {
  it("is a warning in `berth permissions` and `berth config`, with the form that works", async () => {
    t = await startTestDaemon();
    projectSettings({ permissions: { allow: ["Bash(timeout:*)", "Bash(timeout 20 uv run python:*)"] } });
    const conn = await t.connect();
    await conn.request("trust/set", { cwd: t.project, trusted: true });
    for (const method of ["permissions/list", "config/get"] as const) {
      const { diagnostics } = await conn.request(method, { cwd: t.project });
      const advice = diagnostics.filter((d) => d.code === "wrapper-only-rule");
      expect(advice, method).toHaveLength(1);
      expect(advice[0]).toMatchObject({
        severity: "warning",
        file: join(t.project, ".claude", "settings.json"),
      });
      expect(advice[0]?.message).toContain("Bash(timeout <seconds> <program>:*)");
    }
  });
});

describe("print-mode refusals", () => {
  it("read as one sentence each, without a doubled full stop", async () => {
    t = await startTestDaemon();
    const conn = await t.connect();
    const { view, rec } = await openSession(t, conn, { interactive: false });
    t.fake.enqueue(turn(toolUse("Bash", { command: "touch nope" })), turn(text("ok")));
    await view.send("touch it");
    const result = await rec.waitFor("tool_result");
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/needs approval[^.]*\. Nobody can approve it in print mode/);
    expect(result.content).not.toContain("..");
  });
});
